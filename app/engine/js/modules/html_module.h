#pragma once

#include "engine/html/html_document.h"

#include <QJSEngine>
#include <QJSValue>
#include <QObject>
#include <memory>

namespace loadbench::engine {

/// One parsed document as html.js's Selection and Element use it: node numbers in, node numbers out. A
/// `matcher` is a CSS selector or an array of node numbers (a Selection's). Owned by the script's engine.
class HtmlDocumentObject : public QObject {
    Q_OBJECT

public:
    HtmlDocumentObject(QJSEngine& engine, std::string_view html, std::shared_ptr<HtmlParser> parser);

    /// The nodes inside any of `nodes` that match, in document order (goquery's Find).
    Q_INVOKABLE QJSValue find(const QJSValue& nodes, const QJSValue& matcher);
    /// Those of `nodes` that match, or (`keep` false) that do not.
    Q_INVOKABLE QJSValue filter(const QJSValue& nodes, const QJSValue& matcher, bool keep = true);
    /// Each node itself or its nearest ancestor that matches.
    Q_INVOKABLE QJSValue closest(const QJSValue& nodes, const QJSValue& matcher);
    /// Those of `nodes` with a node inside that matches.
    Q_INVOKABLE QJSValue has(const QJSValue& nodes, const QJSValue& matcher);
    /// Relatives of each node (`children`, `contents`, `parent`, `parents`, `next`, `nextAll`, `prev`,
    /// `prevAll`, `siblings`), elements only but for contents, each once; the walks that go on (`…All`,
    /// `parents`) stop before a node that `until` (a matcher, or null) matches.
    Q_INVOKABLE QJSValue relatives(const QJSValue& nodes, const QString& kind, const QJSValue& until);

    Q_INVOKABLE QString text(const QJSValue& nodes) const;
    Q_INVOKABLE QString html(int node) const { return QString::fromStdString(m_document.innerHtml(node)); }
    Q_INVOKABLE QString name(int node) const { return QString::fromStdString(m_document.name(node)); }
    /// The DOM's nodeType: 1 element, 3 text, 8 comment, 9 document, 10 doctype.
    Q_INVOKABLE int type(int node) const;
    Q_INVOKABLE QJSValue attr(int node, const QString& name) const;
    /// [[name, value], …] in the document's order.
    Q_INVOKABLE QJSValue attributes(int node) const;
    /// `parent`, `firstChild`, `lastChild`, `next`, `prev`: the node, or -1.
    Q_INVOKABLE int link(int node, const QString& kind) const;

private:
    std::vector<int> nodesOf(const QJSValue& array) const;
    /// For each node, whether `matcher` names it.
    std::vector<bool> matching(const QJSValue& matcher);
    QJSValue toArray(const std::vector<int>& nodes) const;

    QJSEngine& m_engine;
    HtmlDocument m_document;
};

/// The native side of `k6/html` (html.js): parseHTML. Made for a VU only when its script imports k6/html or
/// calls Response.html(), submitForm() or clickLink().
class HtmlModule : public QObject {
    Q_OBJECT

public:
    explicit HtmlModule(QJSEngine& engine);

    Q_INVOKABLE QJSValue parse(const QString& html);
    /// A Selection's serialize(): its fields (strings or arrays of them) as url.Values.Encode writes them.
    Q_INVOKABLE QString formEncoded(const QJSValue& fields) const;

private:
    QJSEngine& m_engine;
    std::shared_ptr<HtmlParser> m_parser = HtmlDocument::newParser();
};

} // namespace loadbench::engine
