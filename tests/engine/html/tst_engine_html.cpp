// k6/html on the real loadbench-engine: parseHTML's Selection and Element on the k6 documentation's
// examples, Response.html(), submitForm() and clickLink() against httpbin.
#include "support/engine_workspace.h"
#include "support/httpbin_server.h"

using loadbench::test::HttpbinServer;
using loadbench::test::returnsScript;
using loadbench::test::verifyReturns;
using Workspace = loadbench::test::EngineWorkspace;

class TestEngineHtml : public QObject {
    Q_OBJECT

private:
    HttpbinServer m_httpbin;

private slots:
    void initTestCase() { QVERIFY2(m_httpbin.isRunning(), qPrintable(m_httpbin.error())); }

    // Each row: a function body (`dl` is the k6 docs' definition list, `form` a form of every kind of field;
    // HTTPBIN stands for httpbin) and the JSON of what it must return. A select without a selected option is
    // "" as k6's val() gives it (jQuery would give its first option).
    void selection_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("find and size") << "return dl.find('dd').size();"
                                       << "9";
        QTest::newRow("eq first last text")
            << "return [dl.find('dt').eq(1).text(), dl.find('dd').first().text(), "
               "dl.find('dd').last().text(),"
               " dl.find('dd').eq(-2).text(), dl.find('dd').eq(20).size()];"
            << R"(['term 2', 'definition 1-a', 'definition 3-b', 'definition 3-a', 0])";
        QTest::newRow("attr")
            << "const dt = dl.find('dt'); return [dt.attr('id'), dt.attr('title') === undefined,"
               " dt.attr('title', 'none')];"
            << R"(['term-1', true, 'none'])";
        QTest::newRow("map gets a Selection") << "return dl.find('dt').map((i, s) => i + s.attr('id'));"
                                              << R"(['0term-1', '1term-2', '2term-3'])";
        QTest::newRow("each gets an Element")
            << "const seen = []; dl.find('dt').each((i, el) => seen.push([i, el.id(), el.nodeName(), "
               "el.textContent(), el.toString()])); return seen;"
            << R"([[0, 'term-1', 'dt', 'term 1', '[object html.Node]'], [1, 'term-2', 'dt', 'term 2',
                 '[object html.Node]'], [2, 'term-3', 'dt', 'term 3', '[object html.Node]']])";
        QTest::newRow("children parent closest")
            << "return [dl.find('dl').children().size(), dl.find('dt').parent().size(),"
               " dl.find('dd').first().closest('dl').children('dt').size(), "
               "dl.find('dd').closest('dd').size(),"
               " dl.find('dt').parents().size(), dl.find('dt').parents('body').size()];"
            << "[12, 1, 3, 9, 3, 1]";
        QTest::newRow("next prev and their walks")
            << "const t2 = dl.find('#term-2'); return [t2.nextUntil('dt').size(), t2.next().text(),"
               " t2.prev().text(), dl.find('#term-3').prevAll('dt').size(), t2.nextAll().size(),"
               " t2.prevUntil('#term-1').size(), t2.siblings().size()];"
            << "[3, 'definition 2-a', 'definition 1-d', 2, 6, 4, 11]";
        QTest::newRow("filter is not has")
            << "return [dl.find('dt, dd').filter('dt').size(), dl.find('dt').is('#term-2'),"
               " dl.find('dt').is('dd'), dl.find('dt').not('#term-2').size(), "
               "dl.find('dl').has('#term-3').size(),"
               " dl.find('dd').filter((i) => i % 2 === 0).size(), dl.find('dt').not((i, s) => s.attr('id') "
               "==="
               " 'term-1').size(), dl.find('dt').filter(dl.find('#term-3')).text()];"
            << "[3, true, false, 2, 1, 5, 2, 'term 3']";
        QTest::newRow("html as Go renders it")
            << "return parseHTML('<div id=\"d\"><p class=\\'a\\'>x &amp; y \"q\"<br>z</p><img "
               "src=\"i.png\"><!--c-->"
               "</div>').find('#d').html();"
            << R"('<p class="a">x &amp; y &#34;q&#34;<br/>z</p><img src="i.png"/><!--c-->')";
        QTest::newRow("val of each kind of field")
            << "return ['input[name=a]', 'input[type=checkbox]', 'select[name=s]', 'select[name=m]', "
               "'textarea',"
               " 'button', 'select[name=none]'].map((s) => "
               "form.find(s).val()).concat([form.find('form').val() "
               "=== undefined]);"
            << R"(['1', 'on', 'Y', ['1', '2'], 'hi there', '', '', true])";
        QTest::newRow("serializeArray as k6's docs")
            << "const sel = parseHTML('<form><input name=\"username\"></form>').find('form');"
               " return [sel.serializeArray(), sel.serializeObject(), sel.serialize()];"
            << R"([[{ name: 'username', value: '' }], { username: '' }, 'username='])";
        QTest::newRow("serializeArray skips what a browser does not send")
            << "return form.find('form').serializeArray();"
            << R"([{ name: 'a', value: '1' }, { name: 'r', value: 'on' }, { name: 's', value: 'Y' },
                 { name: 'm', value: ['1', '2'] }, { name: 'none', value: '' }, { name: 't', value: 'hi there' }])";
        QTest::newRow("serialize of the form") << "return form.find('form').serialize();"
                                               << R"('a=1&m=1&m=2&none=&r=on&s=Y&t=hi+there')";
        QTest::newRow("data")
            << "const d = parseHTML('<div data-count=\"5\" data-flag=\"true\" data-obj=\\'{\"a\":1}\\' "
               "data-long-name=\"x\" data-num=\"1.50\" data-empty=\"\"></div>').find('div');"
               " return [d.data('count'), d.data('flag'), d.data('obj'), d.data('longName'), d.data('num'),"
               " d.data('empty') === undefined, d.data()];"
            << R"([5, true, { a: 1 }, 'x', '1.50', true, { count: 5, flag: true, obj: { a: 1 }, longName: 'x',
                 num: '1.50' }])";
        QTest::newRow("get toArray slice")
            << "const dt = dl.find('dt'); return [dt.get().length, dt.get(1).textContent(), dt.get(-1).id(),"
               " dt.toArray()[2].text(), dt.get(5) === undefined, dt.slice(1).size(), dt.slice(0, 1).text()];"
            << R"([3, 'term 2', 'term-3', 'term 3', true, 2, 'term 1'])";
        QTest::newRow("single end index")
            << "const dd = dl.find('dd'); return [dl.find('dl').single('dd').text(), dd.first().end().size(),"
               " dl.find('#term-2').index(), dd.eq(2).index(), dd.eq(3).index('dd'), dd.index(dd.eq(4)),"
               " dd.index(dl.find('dt')), dd.eq(1).index(dd.get(1))];"
            << R"(['definition 1-a', 9, 5, 3, 3, 4, -1, 0])";
        QTest::newRow("contents keeps text and comments")
            << "const p = parseHTML('<p>a<b>b</b><!--c-->d</p>').find('p');"
               " return [p.contents().size(), p.contents().get().map((e) => e.nodeType()), p.text()];"
            << "[4, [3, 1, 8, 3], 'abd']";
        QTest::newRow("Element relatives")
            << "const el = dl.find('#term-2').get(0); return [el.previousElementSibling().textContent(),"
               " el.nextElementSibling().textContent(), el.parentElement().nodeName(), "
               "el.parentNode().childElementCount(), el.firstChild().nodeValue(), el.hasAttribute('id'),"
               " el.getAttribute('id'), el.matches('dt'), el.parentNode().contains(el), el.hasChildNodes()];"
            << R"(['definition 1-d', 'definition 2-a', 'dl', 12, 'term 2', true, 'term-2', true, true, true])";
        QTest::newRow("a selector that does not parse selects nothing") << "return dl.find('dt[').size();"
                                                                        << "0";
        QTest::newRow("a fragment gains html head body")
            << "const d = parseHTML('<p>x</p>'); return [d.find('html > body > p').size(), "
               "d.find('head').size()];"
            << "[1, 1]";
        QTest::newRow("CSS selectors")
            << "return [dl.find('dd:nth-child(3)').text(), dl.find('dt + dd').size(),"
               " dl.find('dt ~ dt').size(), dl.find('[id^=term]').size(),"
               " dl.find('dd:not(:last-child)').size()];"
            << "['definition 1-b', 3, 2, 3, 8]";
        QTest::newRow("each wants a function")
            << "try { dl.find('dt').each(5); return 'ran'; } catch (e) { return e.message; }"
            << R"('the argument to each() must be a function')";
        // Responses.
        QTest::newRow("Response.html") << "return http.get('HTTPBIN/html').html('h1').text();"
                                       << R"('Herman Melville - Moby-Dick')";
        QTest::newRow("Response.html url") << "return http.get('HTTPBIN/html').html().url;"
                                           << R"('HTTPBIN/html')";
        QTest::newRow("submitForm")
            << "const r = http.get('HTTPBIN/forms/post').submitForm({ fields: { firstname: 'Ada', lastname: "
               "'Lovelace' } }); return [r.status, r.request.method, r.url, r.json().form];"
            << R"([200, 'POST', 'HTTPBIN/post', { firstname: 'Ada', lastname: 'Lovelace' }])";
        QTest::newRow("submitForm without a form")
            << "try { http.get('HTTPBIN/html').submitForm(); return 'sent'; } catch (e) { return e.message; }"
            << R"("no form found for selector 'form' in response 'HTTPBIN/html'")";
        QTest::newRow("clickLink") << "const r = http.get('HTTPBIN/links/3/0').clickLink(); return [r.url, "
                                      "r.html('a').map((i, a) => "
                                      "a.text())];"
                                   << R"(['HTTPBIN/links/3/1', ['0', '2']])";
        QTest::newRow("clickLink with a selector")
            << "return http.get('HTTPBIN/links/3/0').clickLink({ selector: 'a:last-of-type' }).url;"
            << R"('HTTPBIN/links/3/2')";
        QTest::newRow("clickLink without a link")
            << "try { http.get('HTTPBIN/links/3/0').clickLink({ selector: 'a.none' }); return 'sent'; }"
               " catch (e) { return e.message; }"
            << R"("no element found for selector 'a.none' in response 'HTTPBIN/links/3/0'")";
    }
    void selection() {
        QFETCH(QString, body);
        QFETCH(QString, expected);
        const QString httpbin = m_httpbin.url("");
        Workspace ws;
        verifyReturns(ws, returnsScript(R"js(import http from 'k6/http';
import { parseHTML } from 'k6/html';
import { check } from 'k6';
export const options = { iterations: 1 };
const dl = parseHTML(`<dl>
  <dt id="term-1">term 1</dt>
  <dd>definition 1-a</dd>
  <dd>definition 1-b</dd>
  <dd>definition 1-c</dd>
  <dd>definition 1-d</dd>

  <dt id="term-2">term 2</dt>
  <dd>definition 2-a</dd>
  <dd>definition 2-b</dd>
  <dd>definition 2-c</dd>

  <dt id="term-3">term 3</dt>
  <dd>definition 3-a</dd>
  <dd>definition 3-b</dd>
</dl>`);
const form = parseHTML(`<form><input name="a" value="1"><input type="checkbox" name="c">
<input type="radio" name="r" checked="checked"><input type="submit" name="go" value="Go">
<select name="s"><option value="x">X</option><option selected>Y</option></select>
<select name="m" multiple><option selected value="1">one</option><option selected>2</option></select>
<select name="none"><option>N</option></select>
<textarea name="t">hi there</textarea><input name="off" value="1" disabled="disabled"><button name="b">B</button></form>`);)js",
                                        QString(body).replace("HTTPBIN", httpbin),
                                        QString(expected).replace("HTTPBIN", httpbin)));
    }
};

QTEST_GUILESS_MAIN(TestEngineHtml)
#include "tst_engine_html.moc"
