#pragma once

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;
class QTimer;

namespace loadbench::test {

/// A request as the server received it.
struct ReceivedRequest {
    QByteArray method;
    QByteArray path; // with the query
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray& name) const;
};

struct Reply {
    int status = 200;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    int delayMs = 0; // answered after this long, without blocking other connections
};

/// A PEM private key (EC) and certificate for an HTTPS server on 127.0.0.1, see test_certificate.h.
struct TlsIdentity {
    QString keyFile;
    QString certificateFile;
};

/// A real HTTP/1.1 server (keep-alive, Content-Length bodies) on 127.0.0.1 and a free port, serving from its
/// own thread; HTTPS (Qt's QSslServer) when given a TLS identity. The handler runs on that thread; by default
/// it answers:
///   /status/N → status N;  /json → {"name":"loadbench","items":[1,2,3]};  /echo → the request body;
///   /delay/MS → 200 after MS milliseconds;  anything else → 200 "ok".
class LoopbackHttpServer {
public:
    using Handler = std::function<Reply(const ReceivedRequest&)>;

    explicit LoopbackHttpServer(Handler handler = {}, std::optional<TlsIdentity> tls = {});
    ~LoopbackHttpServer();

    quint16 port() const { return m_port; }
    QString url(const QString& path = "/") const;
    /// Every request received so far, in order.
    QList<ReceivedRequest> requests() const;
    /// From now on each reply is held until `count` requests are in flight at once (received, not answered
    /// yet) or no new request has come for `quietMs`, so that a client's parallel requests are all in flight
    /// together and maxInFlight() counts them. Call before the client sends.
    void holdReplies(int count, int quietMs);
    /// The most requests in flight at once so far.
    int maxInFlight() const { return m_maxInFlight.load(); }
    /// The connections accepted so far.
    int connections() const { return m_connections.load(); }
    static Reply defaultReply(const ReceivedRequest& request);

private:
    friend class Connection;
    void received(const ReceivedRequest& request);
    /// Writes `reply` to `socket` (after its delay, or once held replies go). The server's thread.
    void answer(QTcpSocket* socket, const Reply& reply);
    void releaseHeld();

    Handler m_handler;
    bool m_tls = false;
    QThread m_thread;
    quint16 m_port = 0;
    mutable QMutex m_mutex;
    QList<ReceivedRequest> m_requests;
    std::atomic<int> m_holdCount{0};
    std::atomic<int> m_holdQuietMs{0};
    std::atomic<int> m_maxInFlight{0};
    std::atomic<int> m_connections{0};
    // The server's thread only:
    int m_inFlight = 0;
    QList<std::function<void()>> m_held;
    QTimer* m_quiet = nullptr;
};

} // namespace loadbench::test
