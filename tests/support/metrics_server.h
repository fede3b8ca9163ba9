#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace loadbench::test {

/// A metrics database from Debian on 127.0.0.1, started by the test with its own configuration and data in
/// a temporary folder and stopped with it: InfluxDB 1.x (`influxd`) or Prometheus with its remote-write
/// receiver. isRunning() is false, and error() says why, when the program is missing or did not answer.
class MetricsServer {
public:
    enum class Kind { InfluxDb, Prometheus };

    explicit MetricsServer(Kind kind);
    ~MetricsServer();
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    bool isRunning() const { return m_port != 0; }
    QString error() const { return m_error; }
    /// http://127.0.0.1:PORT followed by `path`.
    QString url(const QString& path = "/") const;
    /// The body of a GET of `path` (with its query), empty when the server did not answer 200.
    QByteArray get(const QString& path) const;

private:
    QTemporaryDir m_folder;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace loadbench::test
