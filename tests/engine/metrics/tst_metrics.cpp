#include "engine/metrics/sample.h"

#include <QTest>

using namespace loadbench::engine;

using TagList = std::vector<std::pair<std::string, std::string>>;
Q_DECLARE_METATYPE(TagList)

namespace {
/// `tags` as with()'s views.
std::vector<std::pair<std::string_view, std::string_view>> views(const TagList& tags) {
    return {tags.begin(), tags.end()};
}
} // namespace

class TestMetrics : public QObject {
    Q_OBJECT

private slots:
    void with_data() {
        QTest::addColumn<TagList>("base");
        QTest::addColumn<TagList>("added");
        QTest::addColumn<TagList>("expected");
        QTest::newRow("added tags sorted in among the base's")
            << TagList{{"scenario", "default"}, {"group", ""}} << TagList{{"method", "GET"}, {"url", "u"}}
            << TagList{{"group", ""}, {"method", "GET"}, {"scenario", "default"}, {"url", "u"}};
        QTest::newRow("an added tag overrides the base's")
            << TagList{{"name", "base"}, {"vu", "1"}} << TagList{{"name", "mine"}}
            << TagList{{"name", "mine"}, {"vu", "1"}};
        QTest::newRow("of two added tags of a key the later wins")
            << TagList{{"a", "1"}} << TagList{{"b", "first"}, {"b", "second"}}
            << TagList{{"a", "1"}, {"b", "second"}};
        QTest::newRow("nothing added: the base's tags")
            << TagList{{"b", "2"}, {"a", "1"}} << TagList{} << TagList{{"a", "1"}, {"b", "2"}};
    }
    void with() {
        QFETCH(TagList, base);
        QFETCH(TagList, added);
        QFETCH(TagList, expected);
        const TagSet set(base);
        QCOMPARE(set.with(views(added))->tags(), expected);
    }

    void withMakesEachDistinctSetOnce() {
        const TagSet base(Tags{{"scenario", "default"}});
        const TagList get{{"method", "GET"}, {"status", "200"}};
        const auto first = base.with(views(get));
        QCOMPARE(base.with(views(get)).get(), first.get());
        // Keys and values that concatenate alike are still other tags.
        const auto shifted = base.with(views({{"method", "GETs"}, {"tatus", "200"}}));
        QVERIFY(shifted.get() != first.get());
        QCOMPARE(*shifted->tag("method"), std::string("GETs"));
        QCOMPARE(base.with(views({{"method", "POST"}, {"status", "200"}}))->tag("method")->c_str(), "POST");
    }

    void withKeepsABoundedNumberOfSets() {
        const TagSet base(Tags{{"scenario", "default"}});
        const auto first = base.with(views({{"url", "http://host/0"}}));
        for (int i = 1; i <= 1000; ++i)
            base.with(views({{"url", "http://host/" + std::to_string(i)}}));
        // The first was dropped (a new one is made), and is still valid for the samples holding it.
        const auto again = base.with(views({{"url", "http://host/0"}}));
        QVERIFY(again.get() != first.get());
        QCOMPARE(again->tags(), first->tags());
        QCOMPARE(*first->tag("url"), std::string("http://host/0"));
    }

    void tagLooksUpByKey_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected"); // null: no such tag
        QTest::newRow("first") << "group"
                               << "::login";
        QTest::newRow("last") << "url"
                              << "http://x/";
        QTest::newRow("empty value") << "proto"
                                     << "";
        QTest::newRow("absent") << "status" << QString();
        QTest::newRow("a prefix of a key") << "ur" << QString();
    }
    void tagLooksUpByKey() {
        QFETCH(QString, key);
        QFETCH(QString, expected);
        const TagSet set(Tags{{"url", "http://x/"}, {"group", "::login"}, {"proto", ""}});
        const std::string* value = set.tag(key.toStdString());
        QCOMPARE(value != nullptr, !expected.isNull());
        if (value)
            QCOMPARE(QString::fromStdString(*value), expected);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
