#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loadbench::engine {

/// What parses documents and selectors (modest's myhtml, mycss and finder), made once and shared by the
/// documents it parsed, which need it for as long as they live.
class HtmlParser;

/// An HTML5 document as k6/html sees it (goquery over Go's x/net/html): parsed by modest's myhtml, queried
/// with CSS selectors by modest's finder. Nodes are numbered in document order, the document itself 0; -1 is
/// no node. Used by one thread at a time.
class HtmlDocument {
public:
    enum class NodeType { Element, Text, Comment, Document, Doctype };

    /// Parses `html` (UTF-8) as a browser does: a fragment gains its html, head and body.
    explicit HtmlDocument(std::string_view html, std::shared_ptr<HtmlParser> parser = {});
    ~HtmlDocument();
    HtmlDocument(const HtmlDocument&) = delete;
    HtmlDocument& operator=(const HtmlDocument&) = delete;

    static std::shared_ptr<HtmlParser> newParser();

    int size() const { return static_cast<int>(m_parent.size()); }
    NodeType type(int node) const;
    /// goquery's NodeName: an element's tag name, `#text`, `#comment`, `#document`, the doctype's name.
    std::string name(int node) const;
    int parent(int node) const { return m_parent[node]; }
    int firstChild(int node) const { return m_firstChild[node]; }
    int lastChild(int node) const { return m_lastChild[node]; }
    int nextSibling(int node) const { return m_next[node]; }
    int previousSibling(int node) const { return m_previous[node]; }
    /// Whether `node` is inside `ancestor` (not `ancestor` itself).
    bool isInside(int node, int ancestor) const { return ancestor < node && node < m_subtreeEnd[ancestor]; }
    /// The number after the last node inside `node`: those inside it are the numbers between.
    int subtreeEnd(int node) const { return m_subtreeEnd[node]; }

    std::vector<std::pair<std::string, std::string>> attributes(int node) const;
    std::optional<std::string> attribute(int node, std::string_view name) const;
    /// The text of a text node, or of an element's descendant text nodes (goquery's Text).
    std::string text(int node) const;
    /// The node's children as Go's html.Render writes them (goquery's Html): written by hand because k6's
    /// HTML is Go's (void elements as `<br/>`, `&#39;`), which myhtml's serializer does not match.
    std::string innerHtml(int node) const;
    std::string outerHtml(int node) const;

    /// For each node, whether it matches `selector`; all false for a selector that does not parse, as
    /// goquery's matcher. Cached by selector for the document's life.
    const std::vector<bool>& matches(const std::string& selector);

private:
    void render(int node, std::string& out) const;

    std::shared_ptr<HtmlParser> m_parser;
    struct Tree;
    std::unique_ptr<Tree> m_tree;
    std::vector<int> m_parent, m_firstChild, m_lastChild, m_next, m_previous, m_subtreeEnd;
    std::map<std::string, std::vector<bool>, std::less<>> m_matches;
};

} // namespace loadbench::engine
