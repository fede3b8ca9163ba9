#include "engine/html/html_document.h"

#include "common/error.h"

#include <algorithm>
#include <modest/finder/finder.h>
#include <mycss/mycss.h>
#include <mycss/selectors/init.h>
#include <mycss/selectors/list.h>
#include <myhtml/myhtml.h>
#include <myhtml/tree.h>
#include <unordered_map>

namespace loadbench::engine {

class HtmlParser {
public:
    HtmlParser() {
        m_html = myhtml_create();
        m_css = mycss_create();
        m_cssEntry = mycss_entry_create();
        m_finder = modest_finder_create_simple();
        // One thread: each VU parses on its own.
        if (myhtml_init(m_html, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0) != MyHTML_STATUS_OK ||
            mycss_init(m_css) != MyCSS_STATUS_OK || mycss_entry_init(m_css, m_cssEntry) != MyCSS_STATUS_OK ||
            m_finder == nullptr)
            throw Error("k6/html: the HTML parser (modest) could not be initialised");
    }
    ~HtmlParser() {
        modest_finder_destroy(m_finder, true);
        mycss_entry_destroy(m_cssEntry, true);
        mycss_destroy(m_css, true);
        myhtml_destroy(m_html);
    }
    HtmlParser(const HtmlParser&) = delete;
    HtmlParser& operator=(const HtmlParser&) = delete;

    myhtml_t* html() const { return m_html; }
    mycss_selectors_t* selectors() const { return mycss_entry_selectors(m_cssEntry); }
    modest_finder_t* finder() const { return m_finder; }

private:
    myhtml_t* m_html;
    mycss_t* m_css;
    mycss_entry_t* m_cssEntry;
    modest_finder_t* m_finder;
};

struct HtmlDocument::Tree {
    myhtml_tree_t* tree = nullptr;
    std::vector<myhtml_tree_node_t*> nodes; // in document order
    std::unordered_map<myhtml_tree_node_t*, int> index;
    ~Tree() {
        if (tree)
            myhtml_tree_destroy(tree);
    }
};

namespace {

/// Go's html.escape, for text and attribute values alike.
void appendEscaped(std::string& out, std::string_view text) {
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '\'':
            out += "&#39;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&#34;";
            break;
        case '\r':
            out += "&#13;";
            break;
        default:
            out += c;
        }
    }
}

std::string_view textOf(myhtml_tree_node_t* node) {
    size_t length = 0;
    const char* text = myhtml_node_text(node, &length);
    return text ? std::string_view(text, length) : std::string_view();
}

bool isOneOf(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

std::shared_ptr<HtmlParser> HtmlDocument::newParser() {
    return std::make_shared<HtmlParser>();
}

HtmlDocument::HtmlDocument(std::string_view html, std::shared_ptr<HtmlParser> parser)
    : m_parser(parser ? std::move(parser) : newParser())
    , m_tree(std::make_unique<Tree>()) {
    m_tree->tree = myhtml_tree_create();
    if (myhtml_tree_init(m_tree->tree, m_parser->html()) != MyHTML_STATUS_OK ||
        myhtml_parse(m_tree->tree, MyENCODING_UTF_8, html.data(), html.size()) != MyHTML_STATUS_OK)
        throw Error("k6/html: the HTML could not be parsed");
    // Numbered in document order, depth first.
    std::vector<myhtml_tree_node_t*>& nodes = m_tree->nodes;
    std::vector<myhtml_tree_node_t*> pending{myhtml_tree_get_document(m_tree->tree)};
    while (!pending.empty()) {
        myhtml_tree_node_t* node = pending.back();
        pending.pop_back();
        m_tree->index.emplace(node, static_cast<int>(nodes.size()));
        nodes.push_back(node);
        for (myhtml_tree_node_t* child = myhtml_node_last_child(node); child; child = myhtml_node_prev(child))
            pending.push_back(child);
    }
    const auto indexOf = [&](myhtml_tree_node_t* node) { return node ? m_tree->index.at(node) : -1; };
    for (myhtml_tree_node_t* node : nodes) {
        m_parent.push_back(node == nodes.front() ? -1 : indexOf(myhtml_node_parent(node)));
        m_firstChild.push_back(indexOf(myhtml_node_child(node)));
        m_lastChild.push_back(indexOf(myhtml_node_last_child(node)));
        m_next.push_back(indexOf(myhtml_node_next(node)));
        m_previous.push_back(indexOf(myhtml_node_prev(node)));
    }
    m_subtreeEnd.resize(nodes.size());
    for (int node = size() - 1; node >= 0; --node) // a node's last child has a higher number
        m_subtreeEnd[node] = m_lastChild[node] >= 0 ? m_subtreeEnd[m_lastChild[node]] : node + 1;
}

HtmlDocument::~HtmlDocument() = default;

HtmlDocument::NodeType HtmlDocument::type(int node) const {
    if (node == 0)
        return NodeType::Document;
    switch (myhtml_node_tag_id(m_tree->nodes[node])) {
    case MyHTML_TAG__TEXT:
        return NodeType::Text;
    case MyHTML_TAG__COMMENT:
        return NodeType::Comment;
    case MyHTML_TAG__DOCTYPE:
        return NodeType::Doctype;
    default:
        return NodeType::Element;
    }
}

std::string HtmlDocument::name(int node) const {
    switch (type(node)) {
    case NodeType::Document:
        return "#document";
    case NodeType::Text:
        return "#text";
    case NodeType::Comment:
        return "#comment";
    case NodeType::Doctype: {
        const char* doctype = m_tree->tree->doctype.attr_name;
        return doctype ? doctype : "";
    }
    case NodeType::Element:
        break;
    }
    size_t length = 0;
    const char* tag = myhtml_tag_name_by_id(m_tree->tree, myhtml_node_tag_id(m_tree->nodes[node]), &length);
    return tag ? std::string(tag, length) : std::string();
}

std::vector<std::pair<std::string, std::string>> HtmlDocument::attributes(int node) const {
    std::vector<std::pair<std::string, std::string>> attributes;
    if (type(node) != NodeType::Element)
        return attributes;
    for (myhtml_tree_attr_t* attribute = myhtml_node_attribute_first(m_tree->nodes[node]); attribute;
         attribute = myhtml_attribute_next(attribute)) {
        size_t keyLength = 0;
        size_t valueLength = 0;
        const char* key = myhtml_attribute_key(attribute, &keyLength);
        const char* value = myhtml_attribute_value(attribute, &valueLength);
        attributes.emplace_back(key ? std::string(key, keyLength) : std::string(),
                                value ? std::string(value, valueLength) : std::string());
    }
    return attributes;
}

std::optional<std::string> HtmlDocument::attribute(int node, std::string_view name) const {
    if (type(node) != NodeType::Element)
        return std::nullopt;
    myhtml_tree_attr_t* attribute = myhtml_attribute_by_key(m_tree->nodes[node], name.data(), name.size());
    if (!attribute)
        return std::nullopt;
    size_t length = 0;
    const char* value = myhtml_attribute_value(attribute, &length);
    return value ? std::string(value, length) : std::string();
}

std::string HtmlDocument::text(int node) const {
    if (type(node) == NodeType::Text)
        return std::string(textOf(m_tree->nodes[node]));
    std::string text;
    for (int inner = node + 1; inner < m_subtreeEnd[node]; ++inner)
        if (type(inner) == NodeType::Text)
            text += textOf(m_tree->nodes[inner]);
    return text;
}

std::string HtmlDocument::innerHtml(int node) const {
    std::string out;
    for (int child = m_firstChild[node]; child >= 0; child = m_next[child])
        render(child, out);
    return out;
}

std::string HtmlDocument::outerHtml(int node) const {
    std::string out;
    render(node, out);
    return out;
}

void HtmlDocument::render(int node, std::string& out) const {
    myhtml_tree_node_t* raw = m_tree->nodes[node];
    switch (type(node)) {
    case NodeType::Document:
        out += innerHtml(node);
        return;
    case NodeType::Text:
        appendEscaped(out, textOf(raw));
        return;
    case NodeType::Comment:
        out += "<!--";
        out += textOf(raw);
        out += "-->";
        return;
    case NodeType::Doctype: {
        const myhtml_tree_doctype_t& doctype = m_tree->tree->doctype;
        out += "<!DOCTYPE " + name(node);
        if (doctype.attr_public && *doctype.attr_public) {
            out += std::string(" PUBLIC \"") + doctype.attr_public + "\"";
            if (doctype.attr_system && *doctype.attr_system)
                out += std::string(" \"") + doctype.attr_system + "\"";
        } else if (doctype.attr_system && *doctype.attr_system) {
            out += std::string(" SYSTEM \"") + doctype.attr_system + "\"";
        }
        out += '>';
        return;
    }
    case NodeType::Element:
        break;
    }
    const std::string tag = name(node);
    out += '<' + tag;
    for (const auto& [key, value] : attributes(node)) {
        out += ' ' + key + "=\"";
        appendEscaped(out, value);
        out += '"';
    }
    if (isOneOf(tag, {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
                      "param", "source", "track", "wbr"})) {
        out += "/>";
        return;
    }
    out += '>';
    const int first = m_firstChild[node];
    if (first >= 0 && type(first) == NodeType::Text && textOf(m_tree->nodes[first]).starts_with('\n') &&
        isOneOf(tag, {"pre", "listing", "textarea"}))
        out += '\n';
    const bool literal =
        myhtml_node_namespace(raw) == MyHTML_NAMESPACE_HTML &&
        isOneOf(tag, {"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "xmp"});
    for (int child = first; child >= 0; child = m_next[child]) {
        if (literal && type(child) == NodeType::Text)
            out += textOf(m_tree->nodes[child]);
        else
            render(child, out);
    }
    out += "</" + tag + '>';
}

const std::vector<bool>& HtmlDocument::matches(const std::string& selector) {
    if (const auto cached = m_matches.find(selector); cached != m_matches.end())
        return cached->second;
    std::vector<bool>& matched = m_matches[selector];
    matched.assign(m_tree->nodes.size(), false);
    mystatus_t status = MyCSS_STATUS_OK;
    mycss_selectors_list_t* list = mycss_selectors_parse(m_parser->selectors(), MyENCODING_UTF_8,
                                                         selector.data(), selector.size(), &status);
    if (list == nullptr)
        return matched;
    if ((list->flags & MyCSS_SELECTORS_FLAGS_SELECTOR_BAD) == 0) {
        myhtml_collection_t* found = nullptr;
        modest_finder_by_selectors_list(m_parser->finder(), m_tree->nodes.front(), list, &found);
        if (found) {
            for (size_t i = 0; i < found->length; ++i)
                if (const auto at = m_tree->index.find(found->list[i]); at != m_tree->index.end())
                    matched[at->second] = true;
            myhtml_collection_destroy(found);
        }
    }
    mycss_selectors_list_destroy(m_parser->selectors(), list, true);
    return matched;
}

} // namespace loadbench::engine
