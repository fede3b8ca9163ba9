#pragma once

#include <QProcess>
#include <QString>

namespace loadbench::test {

/// Debian's python3-httpbin under gunicorn on 127.0.0.1 and a port the kernel picks, started by the test and
/// stopped with it. gunicorn's threaded worker keeps connections alive, as the services k6 tests do.
/// isRunning() is false, and error() says why, when gunicorn or httpbin is missing or did not start.
class HttpbinServer {
public:
    HttpbinServer();
    ~HttpbinServer();
    HttpbinServer(const HttpbinServer&) = delete;
    HttpbinServer& operator=(const HttpbinServer&) = delete;

    bool isRunning() const { return m_port != 0; }
    QString error() const { return m_error; }
    quint16 port() const { return m_port; }
    /// http://127.0.0.1:PORT followed by `path`.
    QString url(const QString& path = "/") const;

private:
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace loadbench::test
