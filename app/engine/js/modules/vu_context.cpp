#include "engine/js/modules/vu_context.h"

#include <QAbstractEventDispatcher>
#include <QEventLoop>
#include <QJSValueIterator>

namespace loadbench::engine {

namespace {
/// QJSEngine runs promise reactions as events posted to the VU's thread. A pass of the thread's event
/// dispatcher delivers only those posted before it, and a reaction may post another (an await after an
/// await): passes go on until one delivers nothing.
void deliverPromiseReactions() {
    QAbstractEventDispatcher* dispatcher = QAbstractEventDispatcher::instance();
    if (!dispatcher) {
        const QEventLoop makesTheDispatcher;
        dispatcher = QAbstractEventDispatcher::instance();
    }
    while (dispatcher->processEvents(QEventLoop::AllEvents)) {
    }
}
} // namespace

VuContext::VuContext(TestState& state, int id, QJSEngine& engine)
    : state(state)
    , id(id)
    , engine(engine)
    , buffer(state.newBuffer())
    , loop(deliverPromiseReactions) {}

std::shared_ptr<const TagSet> VuContext::baseTags() {
    return baseTagsWith({});
}

std::shared_ptr<const TagSet> VuContext::baseTagsWith(TagViews added) {
    // Outside a scenario (setup, teardown) made each time: the test's tags are set after the first VU was
    // made, so nothing made before may be kept.
    if (!m_scenarioTags || !scenario || m_scenarioTagsOf != scenario) {
        Tags tags(state.tags.begin(), state.tags.end());
        if (scenario) {
            tags.insert(tags.end(), scenario->config.tags.begin(), scenario->config.tags.end());
            tags.emplace_back("scenario", scenario->config.name);
        }
        m_scenarioTags = std::make_shared<const TagSet>(std::move(tags));
        m_scenarioTagsOf = scenario;
    }
    // The group, exec.vu.tags over it, then `added`: one derived set per distinct list.
    thread_local std::vector<std::pair<std::string_view, std::string_view>> over;
    over.clear();
    over.emplace_back("group", groupPath);
    for (const auto& [key, value] : this->tags)
        over.emplace_back(key, value);
    over.insert(over.end(), added.begin(), added.end());
    return m_scenarioTags->with(over);
}

std::shared_ptr<const SampleContext> VuContext::sampleContext(std::shared_ptr<const TagSet> tags,
                                                              std::string traceId) const {
    return makeSampleContextFor(std::move(tags), std::move(traceId), {metadata.begin(), metadata.end()});
}

void VuContext::record(const Metric* metric, std::int64_t timeNs, double value,
                       const std::shared_ptr<const SampleContext>& context) {
    pending.push_back({metric, timeNs, value, context});
}

void VuContext::flush() {
    if (!pending.empty())
        buffer.push(pending);
}

std::map<std::string, std::string> stringMap(const QJSValue& object) {
    std::map<std::string, std::string> map;
    if (!object.isObject())
        return map;
    QJSValueIterator it(object);
    while (it.hasNext()) {
        it.next();
        map[it.name().toStdString()] = it.value().toString().toStdString();
    }
    return map;
}

} // namespace loadbench::engine
