#pragma once

// A self-signed certificate for an HTTPS loopback server, made by the test with the openssl command line, and
// trusted by the engine only through LOADBENCH_TEST_CA_FILE.
#include "support/loopback_http_server.h"

#include <QDir>
#include <QProcess>
#include <QTest>

namespace loadbench::test {

/// Makes an EC key and a certificate for 127.0.0.1 (valid two days) in `folder`; the certificate is its own
/// authority. Fails the test (QVERIFY) when openssl does not succeed.
inline TlsIdentity makeTestCertificate(const QString& folder) {
    const TlsIdentity identity{QDir(folder).filePath("key.pem"), QDir(folder).filePath("certificate.pem")};
    QProcess openssl;
    openssl.start("openssl",
                  {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                   "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                   "-keyout", identity.keyFile, "-out", identity.certificateFile});
    [&] {
        QVERIFY2(openssl.waitForFinished(30000), "openssl did not finish");
        QVERIFY2(openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0,
                 openssl.readAllStandardError().constData());
    }();
    return identity;
}

} // namespace loadbench::test
