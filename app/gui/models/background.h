#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>
#include <type_traits>
#include <utility>

namespace loadbench::gui {

/// Runs `work` on Qt's global thread pool and hands its result to `done` on `context`'s thread, unless
/// `context` is gone by then. Every file read and parse of the workbench goes through here, so that the UI
/// thread never waits on a disk or a large file. `work` must not throw: it reports problems in its result.
template <typename Work, typename Done> void runInBackground(QObject* context, Work work, Done done) {
    using Result = std::invoke_result_t<Work>;
    auto* watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::move(done)]() mutable {
                         done(watcher->result());
                         watcher->deleteLater();
                     });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

} // namespace loadbench::gui
