// The module loader through the real loadbench-engine: scripts the test writes, compiled by esbuild
// (TypeScript, syntax QJSEngine 6.4 lacks), CommonJS as k6 treats it, errors at the user's file and line, and
// the messages for k6 modules the engine does not have.
#include "support/engine_workspace.h"

using loadbench::test::asLogged;
using loadbench::test::summaryValue;
using loadbench::test::writeSummary;
using Run = loadbench::test::EngineRun;
using Workspace = loadbench::test::EngineWorkspace;

class TestEngineModules : public QObject {
    Q_OBJECT

private slots:
    void typeScriptWithInterfacesEnumsAndGenerics() {
        Workspace ws;
        ws.write("lib/shapes.ts", R"ts(
export interface Shape { sides: number; name?: string }
export enum Kind { Triangle = 3, Square }
export class Box<T> {
    items: T[] = [];
    static made = 0;
    add(item: T): this { this.items.push(item); return this; }
}
export function largest<T extends Shape>(shapes: T[]): T {
    return shapes.reduce((a, b) => (b.sides > a.sides ? b : a));
}
)ts");
        ws.write("script.ts", R"ts(
import { Counter } from 'k6/metrics';
import { Box, Kind, largest, type Shape } from './lib/shapes.ts';
const sides = new Counter('sides');
export const options = { iterations: 2 };
export default function (): void {
    const box = new Box<Shape>().add({ sides: Kind.Triangle }).add({ sides: Kind.Square });
    sides.add(largest(box.items).sides);
}
)ts" + writeSummary);
        const Run run = ws.run({"script.ts", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(summaryValue(ws.summary(), "sides", "count"), 8.0);
    }

    void syntaxQJSEngineLacksIsLowered() {
        Workspace ws;
        ws.write("script.js", R"js(
import { Counter } from 'k6/metrics';
const total = new Counter('total');
class Cart { items = []; static currency = 'EUR'; }
export const options = { iterations: 1 };
async function price(n) { await null; return n * 2; }
export default async function () {
    const base = { a: 1, b: 2 };
    const { a, ...rest } = { ...base, c: 3 };
    const missing = base.x?.y ?? 10;
    let assigned = null;
    assigned ??= 5;
    try { JSON.parse('{'); } catch { assigned += 1; }
    total.add(a + rest.b + rest.c + missing + assigned + 2 ** 3 + new Cart().items.length + (await price(4)));
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        // 1 + 2 + 3 + 10 + 6 + 8 + 0 + 8
        QCOMPARE(summaryValue(ws.summary(), "total", "count"), 38.0);
    }

    void commonJsHelpersImportedByNameAndRequired() {
        Workspace ws;
        ws.write("helper/format.js", "module.exports = { twice: (x) => 2 * x };\n");
        ws.write("helper/k6-summary.js", R"js(
const format = require('./format.js');
const metrics = require('k6/metrics');
exports.textSummary = function (n) { return format.twice(n); };
exports.Trend = metrics.Trend;
)js");
        ws.write("helper/plain.js", "module.exports = function () { return 5; };\n");
        ws.write("script.js", R"js(
import { textSummary, absent, Trend } from './helper/k6-summary.js';
import * as all from './helper/k6-summary.js';
import plain from './helper/plain.js';
import * as http from 'k6/http';
import { Counter } from 'k6/metrics';
const total = new Counter('total');
const trend = new Trend('trend_from_cjs');
export const options = { iterations: 1 };
export default function () {
    total.add(textSummary(10) + all.textSummary(1) + plain() + (absent === undefined ? 100 : 0));
    trend.add(typeof http.get === 'function' ? 1 : 0);
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        const loadbench::Summary summary = ws.summary();
        QCOMPARE(summaryValue(summary, "total", "count"), 127.0); // 20 + 2 + 5 + 100
        QCOMPARE(summaryValue(summary, "trend_from_cjs", "max"), 1.0);
    }

    // Words of import syntax inside strings are text: the module scanner once took them for imports (exit
    // 107).
    void importWordsInStringsAreNotImports_data() {
        QTest::addColumn<QByteArray>("script");
        const QByteArray esm = "import { Counter } from 'k6/metrics';\nconst ran = new Counter('ran');\n"
                               "export const options = { iterations: 1 };\n";
        QTest::newRow("a check named with import") << esm + "import { check } from 'k6';\n"
                                                            "export default function () {\n"
                                                            "  check(1, { 'default import': () => true });\n"
                                                            "  ran.add(1);\n}\n";
        QTest::newRow("from and a quote in a message")
            << esm + "export default function () {\n  const url = 'x';\n"
                     "  const text = \"response from \" + url + \" and \" + \"y\";\n"
                     "  ran.add(text.length > 0 ? 1 : 0);\n}\n";
        QTest::newRow("single quotes around double quotes")
            << esm + "export default function () {\n  const text = 'say \"hi\" from \"k6/x/nothing\"';\n"
                     "  ran.add(text.length > 0 ? 1 : 0);\n}\n";
        QTest::newRow("a template literal") << esm + "export default function () {\n"
                                                     "  const text = `import \"./nowhere.js\" ${1 + 1}`;\n"
                                                     "  ran.add(text.length > 0 ? 1 : 0);\n}\n";
        QTest::newRow("CommonJS with require in a string")
            << QByteArray("const { Counter } = require('k6/metrics');\nconst ran = new Counter('ran');\n"
                          "exports.options = { iterations: 1 };\n"
                          "exports.default = function () {\n  const text = 'require(\"./nowhere.js\")';\n"
                          "  ran.add(text.length > 0 ? 1 : 0);\n};\n"
                          "exports.handleSummary = function (data) {\n"
                          "  return { 'summary.json': JSON.stringify(data) };\n};\n");
    }
    void importWordsInStringsAreNotImports() {
        QFETCH(QByteArray, script);
        Workspace ws;
        // A CommonJS script has its own handleSummary: ES module syntax would be mixing.
        ws.write("script.js", script.startsWith("const") ? script : script + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "ran", "count"), 1.0);
    }

    void commonJsMainScript() {
        Workspace ws;
        ws.write("script.js", R"js(
const { Counter } = require('k6/metrics');
const runs = new Counter('runs');
exports.options = { iterations: 3 };
exports.default = function () { runs.add(1); };
exports.handleSummary = function (data) { return { 'summary.json': JSON.stringify(data) }; };
)js");
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(summaryValue(ws.summary(), "runs", "count"), 3.0);
    }

    void errorsNameTheOriginalFileAndLine_data() {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QString>("expected"); // after the workspace's path
        QTest::newRow("thrown in a .ts iteration") << QByteArray(R"ts(interface Order { id: number }
enum State { Open }

export const options = { iterations: 1 };
export default function (): void {
    const order: Order = { id: State.Open };
    throw new Error('order ' + order.id);
}
)ts") << "script.ts:7:";
        QTest::newRow("syntax error in a .ts file")
            << QByteArray("type T = { a: number };\n\nlet x: T = ;\n") << "script.ts:3:";
    }
    void errorsNameTheOriginalFileAndLine() {
        QFETCH(QByteArray, script);
        QFETCH(QString, expected);
        Workspace ws;
        ws.write("script.ts", script);
        const Run run = ws.run({"script.ts", "--quiet"});
        QVERIFY2(run.err.contains(asLogged(ws.path(expected))), qPrintable(run.err));
    }

    void refusedImports_data() {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QString>("expected");
        QTest::newRow("k6 module not provided")
            << QByteArray("import ws from 'k6/ws';\nexport default function () {}\n")
            << "\"k6/ws\" is a k6 module that loadbench-engine does not provide; run the script with "
               "--backend "
               "k6 or --backend compose";
        QTest::newRow("k6 extension")
            << QByteArray("import sql from 'k6/x/sql';\nexport default function () {}\n")
            << "\"k6/x/sql\" needs a k6 extension (xk6)";
        QTest::newRow("http import") << QByteArray("import a from 'http://example.com/a.js';\nexport default "
                                                   "function () {}\n")
                                     << "http:// imports are refused";
        QTest::newRow("mixing ESM and CommonJS")
            << QByteArray(
                   "export const options = {};\nmodule.exports.x = 1;\nexport default function () {}\n")
            << "mixes ES module syntax (import, export) with CommonJS";
        QTest::newRow("missing file") << QByteArray("import { a } from './nowhere.js';\nexport default "
                                                    "function () {}\n")
                                      << "\"./nowhere.js\": no such file";
    }
    void refusedImports() {
        QFETCH(QByteArray, script);
        QFETCH(QString, expected);
        Workspace ws;
        ws.write("script.js", script);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 107);
        QVERIFY2(run.err.contains(ws.path("script.js")), qPrintable(run.err));
        QVERIFY2(run.err.contains(asLogged(expected)), qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestEngineModules)
#include "tst_engine_modules.moc"
