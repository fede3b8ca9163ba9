#include "engine/js/modules/vu_context.h"

#include <QJSValueIterator>

namespace loadbench::engine {

VuContext::VuContext(TestState& state, int id, QJSEngine& engine)
    : state(state)
    , id(id)
    , engine(engine)
    , buffer(state.newBuffer()) {}

Tags VuContext::baseTags() const {
    Tags tags;
    for (const auto& [key, value] : state.tags)
        tags.emplace_back(key, value);
    if (scenario) {
        for (const auto& [key, value] : scenario->config.tags)
            tags.emplace_back(key, value);
        tags.emplace_back("scenario", scenario->config.name);
    }
    tags.emplace_back("group", groupPath);
    return tags;
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
