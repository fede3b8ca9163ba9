#include "gui/output_log.h"

#include <QFontDatabase>

namespace loadbench::gui {

namespace {

/// The log keeps this many lines (count): enough to scroll back through a run, bounded in memory.
constexpr int logLines = 10'000;
/// The output is appended in batches this often (ms).
constexpr int outputBatchMs = 100;

} // namespace

OutputLog::OutputLog(QWidget* parent)
    : QPlainTextEdit(parent) {
    setObjectName("runLog");
    setReadOnly(true);
    setMaximumBlockCount(logLines);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_batchTimer.setInterval(outputBatchMs);
    connect(&m_batchTimer, &QTimer::timeout, this, &OutputLog::flush);
}

void OutputLog::startBatching() {
    m_batchTimer.start();
}

void OutputLog::finishBatching() {
    m_batchTimer.stop();
    flush();
}

void OutputLog::add(const QString& line) {
    m_pending << line;
}

void OutputLog::reset() {
    clear();
    m_pending.clear();
}

void OutputLog::flush() {
    if (m_pending.isEmpty())
        return;
    // One append a batch: a QPlainTextEdit lays out per call, not per line.
    appendPlainText(m_pending.join('\n'));
    m_pending.clear();
}

} // namespace loadbench::gui
