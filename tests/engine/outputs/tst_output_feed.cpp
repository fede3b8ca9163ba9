// The feed between the collector and one output: order kept, a full queue drops and says so instead of
// blocking, an output's error handed over once.
#include "common/error.h"
#include "engine/metrics/metric.h"
#include "engine/outputs/output_feed.h"

#include <QTest>
#include <atomic>
#include <future>
#include <mutex>

using namespace loadbench::engine;

namespace {

/// Records what it is given; addSamples waits for `release` when there is one, to play a slow server.
class RecordingOutput : public Output {
public:
    explicit RecordingOutput(std::shared_future<void> release = {}, bool failOnAdd = false)
        : m_release(std::move(release))
        , m_failOnAdd(failOnAdd) {}

    std::string description() const override { return "recording"; }
    loadbench::Duration flushInterval() const override { return std::chrono::hours(1); }
    void addSamples(std::span<const Sample> samples) override {
        *entered = true;
        if (m_release.valid())
            m_release.wait();
        if (m_failOnAdd)
            throw loadbench::Error("disk full");
        for (const Sample& sample : samples)
            values->push_back(sample.value);
    }
    void flush() override { ++*flushes; }
    void stop() override { *stopped = true; }

    std::shared_ptr<std::vector<double>> values = std::make_shared<std::vector<double>>();
    std::shared_ptr<int> flushes = std::make_shared<int>(0);
    std::shared_ptr<bool> stopped = std::make_shared<bool>(false);
    std::shared_ptr<std::atomic<bool>> entered = std::make_shared<std::atomic<bool>>(false);

private:
    std::shared_future<void> m_release;
    bool m_failOnAdd;
};

OutputFeed::Batch batchOf(const Metric* metric, std::initializer_list<double> values) {
    auto batch = std::make_shared<std::vector<Sample>>();
    for (const double value : values)
        batch->push_back(Sample{metric, 0, value, nullptr});
    return batch;
}

} // namespace

class TestOutputFeed : public QObject {
    Q_OBJECT

private slots:
    void everySampleInOrderThenStopped() {
        MetricRegistry registry;
        auto output = std::make_unique<RecordingOutput>();
        const auto values = output->values;
        const auto stopped = output->stopped;
        std::vector<std::string> warnings, failures;
        OutputFeed feed(
            "recording", std::move(output), [&](const std::string& w) { warnings.push_back(w); },
            [&](const std::string& f) { failures.push_back(f); });
        feed.start();
        feed.offer(batchOf(registry.httpReqs, {1, 2}));
        feed.offer(batchOf(registry.httpReqs, {3}));
        feed.stop();
        QCOMPARE(*values, (std::vector<double>{1, 2, 3}));
        QVERIFY(*stopped);
        QVERIFY(warnings.empty());
        QVERIFY(failures.empty());
        QCOMPARE(feed.droppedSamples(), std::uint64_t(0));
    }

    void aFullQueueDropsAndWarnsInsteadOfBlocking() {
        MetricRegistry registry;
        std::promise<void> release;
        auto output = std::make_unique<RecordingOutput>(release.get_future().share());
        const auto values = output->values;
        const auto entered = output->entered;
        std::vector<std::string> warnings;
        std::mutex warningsMutex;
        OutputFeed feed(
            "slow", std::move(output),
            [&](const std::string& w) {
                const std::lock_guard lock(warningsMutex);
                warnings.push_back(w);
            },
            [](const std::string&) {}, 4);
        feed.start();
        // The first batch is taken by the output, which then waits; the next two fill the queue of 4.
        feed.offer(batchOf(registry.httpReqs, {1}));
        QTRY_VERIFY(entered->load());
        feed.offer(batchOf(registry.httpReqs, {2, 3}));
        feed.offer(batchOf(registry.httpReqs, {4, 5}));
        feed.offer(batchOf(registry.httpReqs, {6, 7, 8, 9, 10}));
        feed.offer(batchOf(registry.httpReqs, {11, 12, 13, 14, 15}));
        QCOMPARE(feed.droppedSamples(), std::uint64_t(10));
        release.set_value();
        feed.stop();
        QCOMPARE(*values, (std::vector<double>{1, 2, 3, 4, 5}));
        QCOMPARE(warnings.size(), std::size_t(2));
        QCOMPARE(warnings[0],
                 std::string("output slow is falling behind: samples are dropped for it until it "
                             "catches up"));
        QCOMPARE(warnings[1], std::string("output slow dropped 10 samples that found its queue full"));
    }

    void anErrorIsHandedOverOnceAndTheOutputFedNoMore() {
        MetricRegistry registry;
        auto output = std::make_unique<RecordingOutput>(std::shared_future<void>{}, true);
        const auto stopped = output->stopped;
        std::vector<std::string> failures;
        OutputFeed feed(
            "failing", std::move(output), [](const std::string&) {},
            [&](const std::string& f) { failures.push_back(f); });
        feed.start();
        feed.offer(batchOf(registry.httpReqs, {1}));
        QTRY_VERIFY(feed.failed());
        feed.offer(batchOf(registry.httpReqs, {2}));
        feed.stop();
        QCOMPARE(failures, (std::vector<std::string>{"disk full"}));
        QVERIFY(!*stopped);
    }
};

QTEST_GUILESS_MAIN(TestOutputFeed)
#include "tst_output_feed.moc"
