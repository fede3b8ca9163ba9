#include "engine/js/modules/html_module.h"

#include "engine/http/url_values.h"

#include <QJSValueIterator>
#include <algorithm>
#include <exception>

namespace loadbench::engine {

HtmlDocumentObject::HtmlDocumentObject(QJSEngine& engine, std::string_view html,
                                       std::shared_ptr<HtmlParser> parser)
    : m_engine(engine)
    , m_document(html, std::move(parser)) {}

std::vector<int> HtmlDocumentObject::nodesOf(const QJSValue& array) const {
    std::vector<int> nodes;
    const int length = array.property("length").toInt();
    nodes.reserve(static_cast<size_t>(std::max(length, 0)));
    for (int i = 0; i < length; ++i) {
        const int node = array.property(static_cast<quint32>(i)).toInt();
        if (node >= 0 && node < m_document.size())
            nodes.push_back(node);
    }
    return nodes;
}

std::vector<bool> HtmlDocumentObject::matching(const QJSValue& matcher) {
    if (matcher.isString())
        return m_document.matches(matcher.toString().toStdString());
    std::vector<bool> matched(static_cast<size_t>(m_document.size()), false);
    for (const int node : nodesOf(matcher))
        matched[node] = true;
    return matched;
}

QJSValue HtmlDocumentObject::toArray(const std::vector<int>& nodes) const {
    QJSValue array = m_engine.newArray(static_cast<uint>(nodes.size()));
    for (size_t i = 0; i < nodes.size(); ++i)
        array.setProperty(static_cast<quint32>(i), nodes[i]);
    return array;
}

QJSValue HtmlDocumentObject::find(const QJSValue& nodes, const QJSValue& matcher) {
    const std::vector<bool> matched = matching(matcher);
    std::vector<bool> taken(matched.size(), false);
    std::vector<int> found;
    for (const int node : nodesOf(nodes))
        for (int inner = node + 1; inner < m_document.subtreeEnd(node); ++inner)
            if (matched[inner] && !taken[inner]) {
                taken[inner] = true;
                found.push_back(inner);
            }
    std::sort(found.begin(), found.end());
    return toArray(found);
}

QJSValue HtmlDocumentObject::filter(const QJSValue& nodes, const QJSValue& matcher, bool keep) {
    const std::vector<bool> matched = matching(matcher);
    std::vector<int> kept;
    for (const int node : nodesOf(nodes))
        if (matched[node] == keep)
            kept.push_back(node);
    return toArray(kept);
}

QJSValue HtmlDocumentObject::closest(const QJSValue& nodes, const QJSValue& matcher) {
    const std::vector<bool> matched = matching(matcher);
    std::vector<int> found;
    for (const int node : nodesOf(nodes))
        for (int up = node; up >= 0; up = m_document.parent(up))
            if (matched[up]) {
                if (std::find(found.begin(), found.end(), up) == found.end())
                    found.push_back(up);
                break;
            }
    return toArray(found);
}

QJSValue HtmlDocumentObject::has(const QJSValue& nodes, const QJSValue& matcher) {
    const std::vector<bool> matched = matching(matcher);
    std::vector<int> kept;
    for (const int node : nodesOf(nodes))
        if (std::any_of(matched.begin() + node + 1, matched.begin() + m_document.subtreeEnd(node),
                        [](bool match) { return match; }))
            kept.push_back(node);
    return toArray(kept);
}

QJSValue HtmlDocumentObject::relatives(const QJSValue& nodes, const QString& kind, const QJSValue& until) {
    const std::vector<bool> stop = until.isNull() || until.isUndefined()
                                       ? std::vector<bool>(static_cast<size_t>(m_document.size()), false)
                                       : matching(until);
    const HtmlDocument& d = m_document;
    const auto isElement = [&](int node) { return d.type(node) == HtmlDocument::NodeType::Element; };
    std::vector<int> found;
    const auto add = [&](int node) {
        if (std::find(found.begin(), found.end(), node) == found.end())
            found.push_back(node);
    };
    // Walks from `start` by `step` over elements; `all` goes on until `stop`, else the first element only.
    const auto walk = [&](int start, int (HtmlDocument::*step)(int) const, bool all) {
        for (int node = start; node >= 0; node = (d.*step)(node)) {
            if (!isElement(node))
                continue;
            if (stop[node])
                return;
            add(node);
            if (!all)
                return;
        }
    };
    for (const int node : nodesOf(nodes)) {
        if (kind == "children" || kind == "contents") {
            for (int child = d.firstChild(node); child >= 0; child = d.nextSibling(child))
                if (kind == "contents" || isElement(child))
                    add(child);
        } else if (kind == "parent") {
            if (d.parent(node) >= 0 && isElement(d.parent(node)))
                add(d.parent(node));
        } else if (kind == "parents") {
            for (int up = d.parent(node); up >= 0 && isElement(up) && !stop[up]; up = d.parent(up))
                add(up);
        } else if (kind == "next" || kind == "nextAll") {
            walk(d.nextSibling(node), &HtmlDocument::nextSibling, kind == "nextAll");
        } else if (kind == "prev" || kind == "prevAll") {
            walk(d.previousSibling(node), &HtmlDocument::previousSibling, kind == "prevAll");
        } else if (kind == "siblings" && d.parent(node) >= 0) {
            for (int sibling = d.firstChild(d.parent(node)); sibling >= 0; sibling = d.nextSibling(sibling))
                if (sibling != node && isElement(sibling))
                    add(sibling);
        }
    }
    return toArray(found);
}

QString HtmlDocumentObject::text(const QJSValue& nodes) const {
    std::string text;
    for (const int node : nodesOf(nodes))
        text += m_document.text(node);
    return QString::fromStdString(text);
}

int HtmlDocumentObject::type(int node) const {
    switch (m_document.type(node)) {
    case HtmlDocument::NodeType::Element:
        return 1;
    case HtmlDocument::NodeType::Text:
        return 3;
    case HtmlDocument::NodeType::Comment:
        return 8;
    case HtmlDocument::NodeType::Document:
        return 9;
    case HtmlDocument::NodeType::Doctype:
        return 10;
    }
    return 0;
}

QJSValue HtmlDocumentObject::attr(int node, const QString& name) const {
    const auto value = m_document.attribute(node, name.toStdString());
    return value ? QJSValue(QString::fromStdString(*value)) : QJSValue();
}

QJSValue HtmlDocumentObject::attributes(int node) const {
    const auto attributes = m_document.attributes(node);
    QJSValue array = m_engine.newArray(static_cast<uint>(attributes.size()));
    for (size_t i = 0; i < attributes.size(); ++i) {
        QJSValue pair = m_engine.newArray(2);
        pair.setProperty(0, QString::fromStdString(attributes[i].first));
        pair.setProperty(1, QString::fromStdString(attributes[i].second));
        array.setProperty(static_cast<quint32>(i), pair);
    }
    return array;
}

int HtmlDocumentObject::link(int node, const QString& kind) const {
    if (kind == "parent")
        return m_document.parent(node);
    if (kind == "firstChild")
        return m_document.firstChild(node);
    if (kind == "lastChild")
        return m_document.lastChild(node);
    if (kind == "next")
        return m_document.nextSibling(node);
    return m_document.previousSibling(node);
}

HtmlModule::HtmlModule(QJSEngine& engine)
    : m_engine(engine) {}

QJSValue HtmlModule::parse(const QString& html) {
    const QByteArray utf8 = html.toUtf8();
    HtmlDocumentObject* document = nullptr;
    try {
        document =
            new HtmlDocumentObject(m_engine, std::string_view(utf8.constData(), utf8.size()), m_parser);
    } catch (const std::exception& error) {
        m_engine.throwError(QString::fromUtf8(error.what()));
        return {};
    }
    QJSEngine::setObjectOwnership(document, QJSEngine::JavaScriptOwnership);
    return m_engine.newQObject(document);
}

QString HtmlModule::formEncoded(const QJSValue& fields) const {
    UrlValues values;
    for (QJSValueIterator it(fields); it.hasNext();) {
        it.next();
        std::vector<std::string>& slot = values[it.name().toStdString()];
        const QJSValue value = it.value();
        if (value.isArray())
            for (int i = 0, length = value.property("length").toInt(); i < length; ++i)
                slot.push_back(value.property(static_cast<quint32>(i)).toString().toStdString());
        else
            slot = {value.toString().toStdString()};
    }
    return QString::fromStdString(encodeUrlValues(values));
}

} // namespace loadbench::engine
