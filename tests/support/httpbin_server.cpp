#include "support/httpbin_server.h"

#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QThread>

namespace loadbench::test {

HttpbinServer::HttpbinServer() {
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start("gunicorn", {"--bind", "127.0.0.1:0", "--worker-class", "gthread", "--threads", "16",
                                 "--workers", "1", "--keep-alive", "30", "--log-level", "info", "httpbin:app"});
    if (!m_process.waitForStarted(10000)) {
        m_error = "gunicorn did not start (" + m_process.errorString() +
                  "); scripts/install-deps.sh --test installs gunicorn and python3-httpbin";
        return;
    }
    // gunicorn names the port it got in its log: "Listening at: http://127.0.0.1:PORT (PID)".
    static const QRegularExpression listening(R"(Listening at: http://127\.0\.0\.1:(\d+))");
    QByteArray log;
    quint16 port = 0;
    const QDeadlineTimer deadline(30000);
    while (port == 0 && !deadline.hasExpired() && m_process.state() == QProcess::Running) {
        m_process.waitForReadyRead(200);
        log += m_process.readAll();
        if (const auto match = listening.match(QString::fromUtf8(log)); match.hasMatch())
            port = quint16(match.captured(1).toUInt());
    }
    // The worker boots after the master listens; a request answered means httpbin is imported and serving.
    while (port != 0 && !deadline.hasExpired()) {
        QTcpSocket socket;
        socket.connectToHost("127.0.0.1", port);
        if (socket.waitForConnected(1000)) {
            socket.write("GET /status/204 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            if (socket.waitForReadyRead(2000) && socket.readAll().startsWith("HTTP/1.1 204")) {
                m_port = port;
                return;
            }
        }
        QThread::msleep(100);
    }
    log += m_process.readAll();
    m_error = "gunicorn httpbin:app did not answer within 30 s: " + QString::fromUtf8(log.right(400));
}

HttpbinServer::~HttpbinServer() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString HttpbinServer::url(const QString& path) const {
    return QString("http://127.0.0.1:%1%2").arg(m_port).arg(path);
}

} // namespace loadbench::test
