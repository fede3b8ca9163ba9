// The JavaScript runtime of the real loadbench-engine: the built-ins k6's has beyond Qt 6.4's engine
// (globalThis, ES2019–ES2023 methods from core-js, TextEncoder/TextDecoder), and how it logs an exception
// every iteration throws.
#include "support/engine_workspace.h"

#include <QRegularExpression>

using loadbench::test::returnsScript;
using loadbench::test::summaryValue;
using loadbench::test::verifyReturns;
using loadbench::test::writeSummary;
using Run = loadbench::test::EngineRun;
using Workspace = loadbench::test::EngineWorkspace;

class TestEngineRuntime : public QObject {
    Q_OBJECT

private slots:
    // Each row: a function body run in an iteration (awaited when it returns a promise), and the JSON of what
    // it must return, compared by a check.
    void builtIn_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");
        // globalThis
        QTest::newRow("globalThis is the global object")
            << "return globalThis.Math === Math && globalThis.__ENV === __ENV;"
            << "true";
        QTest::newRow("globalThis properties are globals") << "globalThis.shared = 5; return shared;"
                                                           << "5";
        // Array.prototype
        QTest::newRow("Array flat") << "return [1, [2, [3, [4]]]].flat(2);"
                                    << "[1,2,3,[4]]";
        QTest::newRow("Array flat default depth") << "return [1, [2, [3]]].flat();"
                                                  << "[1,2,[3]]";
        QTest::newRow("Array flatMap") << "return [1, 2].flatMap((x) => [x, x * 10]);"
                                       << "[1,10,2,20]";
        QTest::newRow("Array at") << "return [[1, 2, 3].at(-1), [1, 2, 3].at(0)];"
                                  << "[3,1]";
        QTest::newRow("Array findLast") << "return [1, 2, 3, 4].findLast((x) => x % 2 === 1);"
                                        << "3";
        QTest::newRow("Array findLastIndex") << "return [1, 2, 3, 4].findLastIndex((x) => x < 3);"
                                             << "1";
        QTest::newRow("Array toSorted") << "const a = [3, 1, 2]; return [a.toSorted(), a];"
                                        << "[[1,2,3],[3,1,2]]";
        QTest::newRow("Array toReversed") << "const a = [1, 2]; return [a.toReversed(), a];"
                                          << "[[2,1],[1,2]]";
        QTest::newRow("Array toSpliced") << "return [1, 2, 3].toSpliced(1, 1, 'x', 'y');"
                                         << R"([1,"x","y",3])";
        QTest::newRow("Array with") << "return [1, 2, 3].with(-1, 9);"
                                    << "[1,2,9]";
        // TypedArray.prototype
        QTest::newRow("TypedArray at") << "return new Uint8Array([1, 2, 3]).at(-1);"
                                       << "3";
        QTest::newRow("TypedArray findLast") << "return new Int16Array([5, -1, 7]).findLast((x) => x < 0);"
                                             << "-1";
        QTest::newRow("TypedArray sort")
            << "const a = new Int8Array([3, -1, 2, 9, 0, 5, -7, 4, 1, 8, 6]); a.sort(); return Array.from(a);"
            << "[-7,-1,0,1,2,3,4,5,6,8,9]";
        QTest::newRow("TypedArray toSorted") << "return Array.from(new Float64Array([3, 1, 2]).toSorted());"
                                             << "[1,2,3]";
        // Object
        QTest::newRow("Object fromEntries") << "return Object.fromEntries(new Map([['a', 1], ['b', 2]]));"
                                            << R"({"a":1,"b":2})";
        QTest::newRow("Object fromEntries of entries")
            << "return Object.fromEntries(Object.entries({ x: 1 }).map(([k, v]) => [k, v + 1]));"
            << R"({"x":2})";
        QTest::newRow("Object hasOwn")
            << "return [Object.hasOwn({ a: 1 }, 'a'), Object.hasOwn({ a: 1 }, 'toString')];"
            << "[true,false]";
        // String.prototype
        QTest::newRow("String replaceAll") << "return 'a-b-c'.replaceAll('-', '+');"
                                           << R"("a+b+c")";
        QTest::newRow("String replaceAll regexp") << "return 'a1b22'.replaceAll(/\\d/g, '#');"
                                                  << R"("a#b##")";
        QTest::newRow("String at") << "return 'abc'.at(-1);"
                                   << R"("c")";
        QTest::newRow("String matchAll") << "return [...'a1b2'.matchAll(/[a-z](\\d)/g)].map((m) => m[1]);"
                                         << R"(["1","2"])";
        QTest::newRow("String trimStart trimEnd")
            << "return ['  x '.trimStart(), ' x  '.trimEnd(), ' y'.trimLeft()];"
            << R"(["x "," x","y"])";
        // Symbol, Promise, AggregateError
        QTest::newRow("Symbol description") << "return Symbol('tag').description;"
                                            << R"("tag")";
        QTest::newRow("Symbol asyncIterator with for await")
            << "const iterable = { [Symbol.asyncIterator]() { let i = 0; return { next: () => "
               "Promise.resolve("
               "i < 2 ? { value: ++i, done: false } : { done: true }) }; } };"
               " return (async () => { let sum = 0; for await (const x of iterable) sum += x;"
               " return [typeof Symbol.asyncIterator, sum]; })();"
            << R"(["symbol",3])";
        QTest::newRow("Promise allSettled")
            << "return Promise.allSettled([Promise.resolve(1), Promise.reject(new Error('no'))])"
               ".then((r) => r.map((s) => s.status));"
            << R"(["fulfilled","rejected"])";
        QTest::newRow("Promise any") << "return Promise.any([Promise.reject(1), Promise.resolve(2)]);"
                                     << "2";
        QTest::newRow("Promise any all rejected") << "return Promise.any([Promise.reject(1)]).catch((e) => "
                                                     "[e instanceof AggregateError, e.errors]);"
                                                  << "[true,[1]]";
        QTest::newRow("Promise finally") << "let ran = false; return Promise.resolve(4).finally(() => { ran "
                                            "= true; }).then((v) => [v, ran]);"
                                         << "[4,true]";
        // The stand-ins behave as the properties they stand for.
        QTest::newRow("a script may replace a built-in")
            << "Array.prototype.flat = function () { return 'mine'; }; return [1].flat();"
            << R"("mine")";
        QTest::newRow("built-ins are not enumerable") << "const keys = []; for (const k in []) keys.push(k); "
                                                         "for (const k in '') keys.push(k); return keys;"
                                                      << "[]";
        QTest::newRow("built-ins are there before first use")
            << "return ['flat' in Array.prototype, typeof Object.fromEntries];"
            << R"([true,"function"])";
        QTest::newRow("built-ins keep their names") << "return [[].flat.name, ''.replaceAll.name];"
                                                    << R"(["flat","replaceAll"])";
        // TextEncoder
        QTest::newRow("TextEncoder encode multibyte")
            << "return Array.from(new TextEncoder().encode('hé€😀'));"
            << "[104,195,169,226,130,172,240,159,152,128]";
        QTest::newRow("TextEncoder encoding and empty input")
            << "const e = new TextEncoder(); return [e.encoding, e.encode().length, e.encode('') instanceof "
               "Uint8Array];"
            << R"(["utf-8",0,true])";
        QTest::newRow("TextEncoder lone surrogate")
            << "return Array.from(new TextEncoder().encode('\\ud800'));"
            << "[239,191,189]";
        QTest::newRow("TextEncoder encodeInto")
            << "const u = new Uint8Array(5); const r = new TextEncoder().encodeInto('a€b€', u);"
               " return [r.read, r.written, Array.from(u)];"
            << "[3,5,[97,226,130,172,98]]";
        // TextDecoder
        QTest::newRow("TextDecoder decode Uint8Array")
            << "return new TextDecoder().decode(new Uint8Array([104, 195, 169, 226, 130, 172, 240, 159, 152, "
               "128]));"
            << R"("hé€😀")";
        QTest::newRow("TextDecoder decode ArrayBuffer")
            << "return new TextDecoder('utf-8').decode(new TextEncoder().encode('日本語').buffer);"
            << R"("日本語")";
        QTest::newRow("TextDecoder decode a view's part")
            << "return new TextDecoder().decode(new Uint8Array([0, 104, 105, 0]).subarray(1, 3));"
            << R"("hi")";
        QTest::newRow("TextDecoder decode DataView")
            << "return new TextDecoder().decode(new DataView(new Uint8Array([111, 107]).buffer));"
            << R"("ok")";
        QTest::newRow("TextDecoder replaces invalid bytes")
            << "return new TextDecoder().decode(new Uint8Array([0x61, 0xff, 0x62, 0xe2, 0x82]));"
            << R"("a\ufffdb\ufffd")";
        QTest::newRow("TextDecoder fatal") << "const d = new TextDecoder('utf-8', { fatal: true });"
                                              " try { d.decode(new Uint8Array([0xc3])); return 'decoded'; } "
                                              "catch (e) { return [d.fatal, e.name]; }"
                                           << R"([true,"TypeError"])";
        QTest::newRow("TextDecoder strips the BOM")
            << "return new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]));"
            << R"("A")";
        QTest::newRow("TextDecoder ignoreBOM") << "return new TextDecoder('utf8', { ignoreBOM: true "
                                                  "}).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]));"
                                               << R"("\ufeffA")";
        QTest::newRow("TextDecoder stream") << "const d = new TextDecoder(); return [d.decode(new "
                                               "Uint8Array([0x41, 0xe2, 0x82]), { stream: true }),"
                                               " d.decode(new Uint8Array([0xac]))];"
                                            << R"(["A","€"])";
        QTest::newRow("TextDecoder utf-16le") << "const d = new TextDecoder('utf-16le'); return [d.encoding, "
                                                 "d.decode(new Uint8Array([0x68, 0, 0xac, 0x20]))];"
                                              << R"(["utf-16le","h€"])";
        QTest::newRow("TextDecoder utf-16be")
            << "return new TextDecoder('UTF-16BE').decode(new Uint8Array([0, 0x68, 0xd8, 0x3d, 0xde, 0x00]));"
            << R"("h😀")";
        QTest::newRow("TextDecoder unsupported encoding")
            << "try { new TextDecoder('latin2'); return 'made'; } catch (e) { return e.name; }"
            << R"("RangeError")";
    }
    void builtIn() {
        QFETCH(QString, body);
        QFETCH(QString, expected);
        Workspace ws;
        verifyReturns(ws, returnsScript(R"js(import { check } from 'k6';
export const options = { iterations: 1 };)js",
                                        body, expected));
    }

    // Built-ins work in the init context too, and each VU has its own: one VU's replacement is not another's.
    void builtInsInInitCodeAndPerVu() {
        Workspace ws;
        ws.write("script.js", R"js(import { check } from 'k6';
import { Counter } from 'k6/metrics';
const flattened = new Counter('flattened');
const atInit = [1, [2, [3]]].flat(Infinity).length;
export const options = { scenarios: { each: { executor: 'per-vu-iterations', vus: 2, iterations: 1 } } };
export default function () {
    if (__VU === 1)
        Array.prototype.flat = function () { return []; };
    flattened.add([[1], [2]].flat().length);
    check(atInit, { 'flattened in init code': (n) => n === 3 });
}
)js" + writeSummary);
        const Run run = ws.run({"script.js"});
        QCOMPARE(run.exitCode, 0);
        const loadbench::Summary summary = ws.summary();
        QVERIFY2(summaryValue(summary, "checks", "passes") == 2.0, qPrintable(run.err));
        QCOMPARE(summaryValue(summary, "flattened", "count"), 2.0); // VU 2's own flat: 2; VU 1's: 0
    }

    // Point 6 of issue 13: the same exception on every iteration is logged once a second with a running
    // count.
    void sameExceptionEveryIterationIsLoggedOncePerSecond() {
        Workspace ws;
        ws.write("script.js", R"js(export const options = { iterations: 3000 };
export default function () {
    throw new Error(__ITER % 3 === 0 ? 'fizz' : 'boom');
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(summaryValue(ws.summary(), "iterations", "count"), 3000.0);
        const QRegularExpression repeated(R"(\(repeated (\d+) more times?, (\d+) in all\))");
        for (const auto& [message, iterations] :
             {std::pair{QString("Error: fizz"), 1000}, {"Error: boom", 2000}}) {
            const QStringList lines =
                run.err.split('\n').filter(QRegularExpression("msg=\"" + message + " at "));
            QVERIFY2(!lines.isEmpty() && !lines.first().contains("repeated"), qPrintable(run.err));
            QVERIFY2(lines.size() < iterations / 10, qPrintable(run.err));
            int logged = 1; // the first, as it is
            int inAll = 1;
            for (const QString& line : lines.mid(1)) {
                const QRegularExpressionMatch match = repeated.match(line);
                QVERIFY2(match.hasMatch(), qPrintable(line));
                logged += match.captured(1).toInt();
                inAll = match.captured(2).toInt();
                QCOMPARE(inAll, logged);
            }
            QCOMPARE(logged, iterations);
            QCOMPARE(inAll, iterations);
        }
    }
};

QTEST_GUILESS_MAIN(TestEngineRuntime)
#include "tst_engine_runtime.moc"
