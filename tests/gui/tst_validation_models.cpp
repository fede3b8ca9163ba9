// The Validate page's models: what a row shows, under QAbstractItemModelTester.
#include "gui/models/status_colours.h"
#include "gui/models/validation_models.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QTest>

using namespace loadbench;
using namespace loadbench::gui;

namespace {

ValidatedRequest request(std::string method, std::string url, std::string status, double durationMs) {
    ValidatedRequest row;
    row.method = std::move(method);
    row.url = std::move(url);
    row.status = std::move(status);
    row.durationMs = durationMs;
    row.request = {true, row.method + " /health HTTP/1.1", {{"Host", "127.0.0.1"}, {"X-Id", "7"}}, ""};
    row.response = {false, "HTTP/1.1 " + row.status, {{"Content-Type", "application/json"}}, "{\"ok\":1}"};
    return row;
}

} // namespace

class TestValidationModels : public QObject {
    Q_OBJECT

private slots:
    void requestsShowMethodUrlStatusAndTime() {
        ValidatedRequestModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), 4);
        model.setRows({request("GET", "http://127.0.0.1/health", "200", 12.5),
                       request("POST", "http://127.0.0.1/payments", "502", 1500)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(
            model.headerData(ValidatedRequestModel::UrlColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
            "URL");
        QCOMPARE(model.index(0, ValidatedRequestModel::MethodColumn).data().toString(), "GET");
        QCOMPARE(model.index(1, ValidatedRequestModel::UrlColumn).data().toString(),
                 "http://127.0.0.1/payments");
        QCOMPARE(model.index(1, ValidatedRequestModel::StatusColumn).data().toString(), "502");
        QCOMPARE(model.index(0, ValidatedRequestModel::TimeColumn).data().toString(), "12.50 ms");
        QCOMPARE(model.index(1, ValidatedRequestModel::TimeColumn).data().toString(), "1500 ms");
        QCOMPARE(model.index(0, ValidatedRequestModel::StatusColumn).data(Qt::BackgroundRole),
                 goodBackground());
        QCOMPARE(model.index(1, ValidatedRequestModel::StatusColumn).data(Qt::BackgroundRole),
                 badBackground());
        QVERIFY(!model.index(0, ValidatedRequestModel::MethodColumn).data(Qt::BackgroundRole).isValid());
        QCOMPARE(model.index(0, 0).data(ValidatedRequestModel::ExchangeRole).toString(),
                 "── Request\nGET /health HTTP/1.1\nHost: 127.0.0.1\nX-Id: 7\n\n── Response\nHTTP/1.1 200\n"
                 "Content-Type: application/json\n\n{\"ok\":1}\n");
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }

    void aRequestWithoutResponseSaysSo() {
        ValidatedRequest refused = request("GET", "http://127.0.0.1:9/", "0", 0);
        refused.response = {};
        QCOMPARE(describeExchange(refused),
                 "── Request\nGET /health HTTP/1.1\nHost: 127.0.0.1\nX-Id: 7\n\n── No response\n");
    }

    void checksShowPassesAndFails() {
        ValidatedCheckModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows({{"status is 200", 1, 0}, {"has body", 0, 1}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.index(0, ValidatedCheckModel::NameColumn).data().toString(), "status is 200");
        QCOMPARE(model.index(0, ValidatedCheckModel::PassesColumn).data().toInt(), 1);
        QCOMPARE(model.index(1, ValidatedCheckModel::FailsColumn).data().toInt(), 1);
        QCOMPARE(model.index(0, ValidatedCheckModel::NameColumn).data(Qt::BackgroundRole), goodBackground());
        QCOMPARE(model.index(1, ValidatedCheckModel::PassesColumn).data(Qt::BackgroundRole), badBackground());
    }
};

QTEST_MAIN(TestValidationModels)
#include "tst_validation_models.moc"
