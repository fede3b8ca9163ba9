#pragma once

// For suites that run validations to their end: tst_validate, and tst_run_compose through the stand-in
// docker.
#include "core/validate/validation_run.h"

#include <QSignalSpy>
#include <QTest>

namespace validatetest {

/// Runs a validation to its end on this thread's event loop.
inline loadbench::ValidationReport validate(const loadbench::ValidationRequest& request) {
    loadbench::ValidationRun run;
    QSignalSpy finished(&run, &loadbench::ValidationRun::finished);
    const std::vector<std::string> problems = run.start(request);
    if (!problems.empty())
        qFatal("validation refused: %s", problems.front().c_str());
    if (!finished.wait(30000))
        qFatal("validation did not finish");
    return finished[0][0].value<loadbench::ValidationReport>();
}

/// What a validation of the kit's health.js against a router reports: one request to /health, answered
/// {"status":"ok"}, and its one check passed. The caller returns when QTest::currentTestFailed().
inline void verifyKitHealth(const loadbench::ValidationReport& report) {
    QCOMPARE(report.problem, std::string());
    QCOMPARE(report.requests.size(), std::size_t(1));
    QCOMPARE(report.requests[0].status, std::string("200"));
    QVERIFY(report.requests[0].url.ends_with("/health"));
    QCOMPARE(report.requests[0].response.body, std::string("{\"status\":\"ok\"}"));
    QCOMPARE(report.checks.size(), std::size_t(1));
    QCOMPARE(report.checks[0].passes, 1);
}

} // namespace validatetest
