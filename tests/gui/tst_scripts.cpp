// Scripts: each one's load shape read off its options without running it, and the checkable list of them.

#include "common/error.h"
#include "core/workspace/load_shape.h"
#include "gui/models/script_list_model.h"
#include "gui_test_support.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace loadbench;
using namespace loadbench::gui;
using namespace loadbench::gui::test;

namespace {

QString shapeOf(const QString& script) {
    return QString::fromStdString(describeLoadShape(readLoadShape(script.toStdString())));
}

QString problemOf(const QString& script) {
    try {
        readLoadShape(script.toStdString());
    } catch (const Error& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

ScriptInfo scriptInfo(const std::string& name, bool hasBaseline) {
    ScriptInfo info;
    info.name = name;
    info.hasBaseline = hasBaseline;
    info.shape = LoadShape{1, 25, true, 30, 0, 0};
    return info;
}

} // namespace

class TestScripts : public QObject {
    Q_OBJECT

private slots:
    void theKitsScriptsRampTo25VusFor30Seconds() {
        QTemporaryDir dir;
        copyKitScripts(dir.path());
        const LoadShape shape = readLoadShape(dir.filePath("k6/payment-confirm.js").toStdString());
        QCOMPARE(shape.maxVus, 25);
        QCOMPARE(shape.plannedSeconds, 30.0);
        QVERIFY(shape.rampsVus);
        QCOMPARE(describeLoadShape(shape), std::string("up to 25 VUs · 30s"));
        QCOMPARE(shapeOf(dir.filePath("k6/health.js")), "up to 25 VUs · 30s");
    }

    void shapes_data() {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QString>("shape");
        QTest::newRow("no options: k6's 1 VU, 1 iteration")
            << QByteArray("export default function () {}") << "1 VU · 1 iteration";
        QTest::newRow("vus and duration")
            << QByteArray("export const options = { vus: 10, duration: '1m30s' };") << "10 VUs · 1m30s";
        QTest::newRow("per-VU iterations")
            << QByteArray("export const options = { scenarios: { a: { executor: 'per-vu-iterations', vus: 3, "
                          "iterations: 4 } } };")
            << "3 VUs · 12 iterations";
        QTest::newRow("two scenarios, one starting later")
            << QByteArray("export const options = { scenarios: {"
                          " a: { executor: 'constant-vus', vus: 5, duration: '20s' },"
                          " b: { executor: 'ramping-vus', startTime: '10s', stages: [{ duration: '30s', "
                          "target: 30 }] }"
                          " } };")
            << "2 scenarios · up to 35 VUs · 40s";
        QTest::newRow("init code using k6's modules, open() and __ENV")
            << QByteArray("import http from 'k6/http';\n"
                          "import { Trend } from 'k6/metrics';\n"
                          "const users = JSON.parse(open('u.json'));\n"
                          "const waiting = new Trend('waiting', true);\n"
                          "export const options = { vus: Number(__ENV.VUS || 4), duration: '5s' };\n"
                          "export default function () { http.get(__ENV.BASE_URL + '/'); }\n")
            << "4 VUs · 5s";
    }
    void shapes() {
        QFETCH(QByteArray, script);
        QFETCH(QString, shape);
        QTemporaryDir dir;
        writeFile(dir.filePath("k6/s.js"), script);
        writeFile(dir.filePath("k6/u.json"), "[\"ana\"]");
        QCOMPARE(shapeOf(dir.filePath("k6/s.js")), shape);
    }

    void theShapeFollowsTheFilesItDependsOn() {
        QTemporaryDir dir;
        writeFile(dir.filePath("k6/s.js"), "import { vus } from './lib/load.js';\n"
                                           "export const options = { vus, duration: '5s' };\n"
                                           "export default function () {}\n");
        writeFile(dir.filePath("k6/lib/load.js"), "export const vus = 2;\n");
        QCOMPARE(shapeOf(dir.filePath("k6/s.js")), "2 VUs · 5s");
        writeFile(dir.filePath("k6/lib/load.js"), "export const vus = 3;\n"); // an import changed: asked anew
        QCOMPARE(shapeOf(dir.filePath("k6/s.js")), "3 VUs · 5s");
        writeFile(dir.filePath("k6/benchmark/r_s.json"), "{}"); // results do not count
        QCOMPARE(shapeOf(dir.filePath("k6/s.js")), "3 VUs · 5s");
    }

    void problems_data() {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QString>("problem");
        QTest::newRow("syntax error") << QByteArray("export const options = {\n  vus: 1,,\n};")
                                      << "s.js: SyntaxError: Expected identifier";
        QTest::newRow("throwing init code")
            << QByteArray("\nthrow new Error('no config');") << "s.js: Error: no config at ";
        QTest::newRow("options k6 refuses")
            << QByteArray("export const options = { vus: 1, duration: 'soon' };")
            << "s.js: option duration: \"soon\" is not a duration";
        QTest::newRow("init code that does not end")
            << QByteArray("while (true) {}") << "s.js: its init code ran longer than 30 s";
    }
    void problems() {
        QFETCH(QByteArray, script);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        writeFile(dir.filePath("k6/s.js"), script);
        const QString found = problemOf(dir.filePath("k6/s.js"));
        QVERIFY2(found.startsWith(problem), qPrintable(found));
    }

    void listChecksScriptsAndKeepsChecksAcrossReloads() {
        ScriptListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy checkedChanged(&model, &ScriptListModel::checkedScriptsChanged);
        model.setScripts({scriptInfo("health", true), scriptInfo("payment-confirm", false)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ScriptListModel::ShapeColumn).data().toString(), "up to 25 VUs · 30s");
        QCOMPARE(model.index(0, ScriptListModel::BaselineColumn).data().toString(), "recorded");
        QCOMPARE(model.index(1, ScriptListModel::BaselineColumn).data().toString(), "missing");
        QCOMPARE(model.index(1, 0).data(ScriptListModel::PlannedSecondsRole).toDouble(), 30.0);
        QVERIFY(model.checkedScripts().isEmpty());

        QVERIFY(model.setData(model.index(1, 0), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(model.checkedScripts(), QStringList{"payment-confirm"});
        QVERIFY(
            !model.setData(model.index(1, ScriptListModel::ShapeColumn), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(!model.allChecked());

        model.setAllChecked(true);
        QVERIFY(model.allChecked());
        QCOMPARE(model.index(0, 0).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        model.setAllChecked(false);
        QVERIFY(model.checkedScripts().isEmpty());

        model.setCheckedScripts({"health"});
        model.setScripts({scriptInfo("checkout", false), scriptInfo("health", true)});
        QCOMPARE(model.checkedScripts(), QStringList{"health"});
        QCOMPARE(model.rowOf("checkout"), 0);
        QVERIFY(checkedChanged.count() >= 5);
    }

    void aScriptWithoutShapeSaysWhy() {
        ScriptListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ScriptInfo broken;
        broken.name = "broken";
        broken.shapeProblem = "broken.js:2: SyntaxError";
        model.setScripts({broken});
        QCOMPARE(model.index(0, ScriptListModel::ShapeColumn).data().toString(), "unknown");
        QCOMPARE(model.index(0, ScriptListModel::ShapeColumn).data(Qt::ToolTipRole).toString(),
                 "broken.js:2: SyntaxError");
        QCOMPARE(model.index(0, 0).data(ScriptListModel::PlannedSecondsRole).toDouble(), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestScripts)
#include "tst_scripts.moc"
