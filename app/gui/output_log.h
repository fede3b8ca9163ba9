#pragma once

#include <QPlainTextEdit>
#include <QStringList>
#include <QTimer>

namespace loadbench::gui {

/// k6's output of a run in a bounded log that takes lines in batches while a run goes, so that a script
/// printing 10,000 lines a second costs one append a batch.
class OutputLog : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit OutputLog(QWidget* parent = nullptr);

    /// Lines wait for the next batch from now on…
    void startBatching();
    /// … until this, which appends those still waiting.
    void finishBatching();
    /// A line for the next batch.
    void add(const QString& line);
    /// Empties the log, waiting lines included.
    void reset();

private:
    void flush();

    QStringList m_pending; // lines waiting for the next batch
    QTimer m_batchTimer;
};

} // namespace loadbench::gui
