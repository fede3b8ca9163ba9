// LazyBuiltins on a bare QJSEngine: a module is evaluated on first touch, and one whose evaluation was
// interrupted can be loaded again.
#include "engine/js/lazy_builtins.h"

#include <QTest>

using loadbench::engine::LazyBuiltins;

/// Interrupts its engine when a script calls interrupt(): a deterministic stand-in for a VU stopped mid-load.
class Interrupter : public QObject {
    Q_OBJECT

public:
    explicit Interrupter(QJSEngine& engine)
        : m_engine(engine) {}
    Q_INVOKABLE void interrupt() { m_engine.setInterrupted(true); }

private:
    QJSEngine& m_engine;
};

class TestLazyBuiltins : public QObject {
    Q_OBJECT

private slots:
    void aModuleIsEvaluatedOnFirstTouch() {
        QJSEngine engine;
        LazyBuiltins builtins(engine);
        const QString descriptor =
            "(function () { const d = Object.getOwnPropertyDescriptor(Array.prototype, "
            "'flat'); return typeof d.get + ' ' + typeof d.value; })()";
        QCOMPARE(engine.evaluate(descriptor).toString(), QString("function undefined")); // the stand-in
        QCOMPARE(engine.evaluate("[1, [2, [3]]].flat().length").toInt(), 3);
        QCOMPARE(engine.evaluate(descriptor).toString(), QString("undefined function")); // core-js's own
        QCOMPARE(engine.evaluate("typeof Object.getOwnPropertyDescriptor(Array.prototype, 'flatMap').get")
                     .toString(),
                 QString("function")); // still a stand-in: its module is another
    }

    void anInterruptedLoadIsLoadedAgainAfterRestore() {
        QJSEngine engine;
        LazyBuiltins builtins(engine);
        Interrupter interrupter(engine);
        QJSEngine::setObjectOwnership(&interrupter, QJSEngine::CppOwnership);
        engine.globalObject().setProperty("interrupter", engine.newQObject(&interrupter));
        // core-js reads the global `process` while it evaluates: the VU is interrupted right there.
        engine.evaluate("Object.defineProperty(this, 'process', { configurable: true,"
                        " get: function () { interrupter.interrupt(); } })");
        const QJSValue interrupted = engine.evaluate("[1, [2]].flat().length");
        QVERIFY(interrupted.isError() || engine.isInterrupted());
        QVERIFY(engine.isInterrupted());
        engine.setInterrupted(false);
        engine.evaluate("delete this.process");
        builtins.restoreAfterFailedLoad();
        QCOMPARE(engine.evaluate("[1, [2]].flat().length").toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestLazyBuiltins)
#include "tst_lazy_builtins.moc"
