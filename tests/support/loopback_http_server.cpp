#include "support/loopback_http_server.h"

#include <QFile>
#include <QHostAddress>
#include <QMutexLocker>
#include <QPointer>
#include <QSemaphore>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace loadbench::test {

QByteArray ReceivedRequest::header(const QByteArray& name) const {
    for (const auto& [key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

/// One client connection: parses requests as they arrive and answers them in order.
class Connection : public QObject {
public:
    Connection(QTcpSocket* socket, LoopbackHttpServer& server, const LoopbackHttpServer::Handler& handler)
        : QObject(socket)
        , m_socket(socket)
        , m_server(server)
        , m_handler(handler) {
        connect(socket, &QTcpSocket::readyRead, this, &Connection::read);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

private:
    void read() {
        m_buffer += m_socket->readAll();
        for (;;) {
            const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            ReceivedRequest request;
            const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            request.method = requestLine.value(0);
            request.path = requestLine.value(1);
            qsizetype length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon <= 0)
                    continue;
                const QByteArray name = lines[i].left(colon).trimmed();
                const QByteArray value = lines[i].mid(colon + 1).trimmed();
                request.headers.append({name, value});
                if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
                    length = value.toLongLong();
            }
            if (m_buffer.size() < headerEnd + 4 + length)
                return;
            request.body = m_buffer.mid(headerEnd + 4, length);
            m_buffer.remove(0, headerEnd + 4 + length);
            m_server.received(request);
            m_server.answer(m_socket,
                            m_handler ? m_handler(request) : LoopbackHttpServer::defaultReply(request));
        }
    }

    QTcpSocket* m_socket;
    LoopbackHttpServer& m_server;
    const LoopbackHttpServer::Handler& m_handler;
    QByteArray m_buffer;
};

namespace {

QByteArray contentOf(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("LoopbackHttpServer: cannot read %s", qPrintable(path));
    return file.readAll();
}

QTcpServer* serverFor(const std::optional<TlsIdentity>& tls) {
    if (!tls)
        return new QTcpServer;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setPrivateKey(QSslKey(contentOf(tls->keyFile), QSsl::Ec));
    configuration.setLocalCertificate(QSslCertificate(contentOf(tls->certificateFile)));
    auto* server = new QSslServer;
    server->setSslConfiguration(configuration);
    return server;
}

} // namespace

LoopbackHttpServer::LoopbackHttpServer(Handler handler, std::optional<TlsIdentity> tls)
    : m_handler(std::move(handler))
    , m_tls(tls.has_value()) {
    QSemaphore listening;
    QTcpServer* server = serverFor(tls);
    server->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, server, &QObject::deleteLater);
    QObject::connect(&m_thread, &QThread::started, server, [this, server, &listening] {
        server->listen(QHostAddress::LocalHost, 0);
        m_port = server->serverPort();
        m_quiet = new QTimer(server);
        m_quiet->setSingleShot(true);
        QObject::connect(m_quiet, &QTimer::timeout, server, [this] { releaseHeld(); });
        // QSslServer emits newConnection before the handshake; its socket is pending once encrypted.
        QObject::connect(server, &QTcpServer::pendingConnectionAvailable, server, [this, server] {
            while (QTcpSocket* socket = server->nextPendingConnection()) {
                ++m_connections;
                new Connection(socket, *this, m_handler);
            }
        });
        listening.release();
    });
    m_thread.start();
    listening.acquire();
}

LoopbackHttpServer::~LoopbackHttpServer() {
    m_thread.quit();
    m_thread.wait();
}

QString LoopbackHttpServer::url(const QString& path) const {
    return (m_tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + QString::number(m_port) + path;
}

QList<ReceivedRequest> LoopbackHttpServer::requests() const {
    const QMutexLocker lock(&m_mutex);
    return m_requests;
}

void LoopbackHttpServer::received(const ReceivedRequest& request) {
    const QMutexLocker lock(&m_mutex);
    m_requests.append(request);
}

void LoopbackHttpServer::holdReplies(int count, int quietMs) {
    m_holdQuietMs = quietMs;
    m_holdCount = count;
}

void LoopbackHttpServer::answer(QTcpSocket* socket, const Reply& reply) {
    m_maxInFlight = std::max(m_maxInFlight.load(), ++m_inFlight);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(reply.status) + " Status\r\n";
    for (const auto& [name, value] : reply.headers)
        response += name + ": " + value + "\r\n";
    response += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n\r\n" + reply.body;
    auto write = [this, socket = QPointer<QTcpSocket>(socket), response] {
        --m_inFlight;
        if (socket)
            socket->write(response);
    };
    if (m_holdCount.load() > 0) {
        m_held.append(write);
        if (m_inFlight >= m_holdCount.load()) {
            releaseHeld();
            return;
        }
        m_quiet->start(m_holdQuietMs.load()); // restarted by each request: held until none comes for a while
    } else if (reply.delayMs > 0) {
        QTimer::singleShot(reply.delayMs, socket, write);
    } else {
        write();
    }
}

void LoopbackHttpServer::releaseHeld() {
    m_quiet->stop();
    const QList<std::function<void()>> held = std::move(m_held);
    m_held.clear();
    for (const auto& write : held)
        write();
}

Reply LoopbackHttpServer::defaultReply(const ReceivedRequest& request) {
    const QByteArray path = request.path.split('?').value(0);
    if (path.startsWith("/status/"))
        return {path.mid(8).toInt(), "status", {}, 0};
    if (path == "/json")
        return {200, R"({"name":"loadbench","items":[1,2,3]})", {{"Content-Type", "application/json"}}, 0};
    if (path == "/echo")
        return {200, request.body, {{"Content-Type", request.header("Content-Type")}}, 0};
    if (path.startsWith("/delay/"))
        return {200, "late", {}, path.mid(7).toInt()};
    return {200, "ok", {{"Content-Type", "text/plain"}}, 0};
}

} // namespace loadbench::test
