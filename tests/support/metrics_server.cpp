#include "support/metrics_server.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QThread>

namespace loadbench::test {

namespace {

bool writeFile(const QString& path, const QByteArray& text) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size() && file.flush();
}

/// A port free on 127.0.0.1 now; the server binds it a moment later.
quint16 freePort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

int statusOf(const QString& url, QByteArray* body = nullptr) {
    QNetworkAccessManager network;
    QNetworkReply* reply = network.get(QNetworkRequest(QUrl(url)));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (body)
        *body = reply->readAll();
    reply->deleteLater();
    return status;
}

} // namespace

MetricsServer::MetricsServer(Kind kind) {
    const quint16 port = freePort();
    const QString folder = m_folder.path();
    QString program;
    QStringList arguments;
    QString readyPath;
    int readyStatus = 200;
    if (kind == Kind::InfluxDb) {
        program = "influxd";
        const QString config = folder + "/influxdb.conf";
        quint16 rpcPort = freePort(); // its backup service, which binds a port of its own
        while (rpcPort == port)
            rpcPort = freePort();
        const bool written =
            writeFile(config, QString("reporting-disabled = true\n"
                                      "bind-address = \"127.0.0.1:%1\"\n"
                                      "[meta]\n  dir = \"%2/meta\"\n"
                                      "[data]\n  dir = \"%2/data\"\n  wal-dir = \"%2/wal\"\n"
                                      "[http]\n  bind-address = \"127.0.0.1:%3\"\n  log-enabled = false\n"
                                      "[monitor]\n  store-enabled = false\n")
                                  .arg(rpcPort)
                                  .arg(folder)
                                  .arg(port)
                                  .toUtf8());
        if (!written) {
            m_error = "cannot write " + config;
            return;
        }
        arguments = {"-config", config};
        readyPath = "/ping";
        readyStatus = 204;
    } else {
        program = "prometheus";
        const QString config = folder + "/prometheus.yml";
        if (!writeFile(config, "global:\n  scrape_interval: 1m\n")) {
            m_error = "cannot write " + config;
            return;
        }
        arguments = {"--config.file=" + config, "--storage.tsdb.path=" + folder + "/data",
                     QString("--web.listen-address=127.0.0.1:%1").arg(port),
                     "--web.enable-remote-write-receiver"};
        readyPath = "/-/ready";
    }
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(program, arguments);
    if (!m_process.waitForStarted(10000)) {
        m_error = program + " did not start (" + m_process.errorString() +
                  "); scripts/install-deps.sh --test installs influxdb and prometheus";
        return;
    }
    const QString ready = QString("http://127.0.0.1:%1%2").arg(port).arg(readyPath);
    const QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
        if (statusOf(ready) == readyStatus) {
            m_port = port;
            return;
        }
        QThread::msleep(200);
    }
    m_error = program + " did not answer " + ready +
              " within 30 s: " + QString::fromUtf8(m_process.readAll().right(400));
}

MetricsServer::~MetricsServer() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString MetricsServer::url(const QString& path) const {
    return QString("http://127.0.0.1:%1%2").arg(m_port).arg(path);
}

QByteArray MetricsServer::get(const QString& path) const {
    QByteArray body;
    return statusOf(url(path), &body) == 200 ? body : QByteArray();
}

} // namespace loadbench::test
