/// Listen addresses, threads and the limits that protect the server from slow, large or hostile clients.
///
/// The defaults follow nginx where it has an equivalent (`large_client_header_buffers`,
/// `client_max_body_size`, `client_header_timeout`, `keepalive_timeout`) and never get in the way of
/// ordinary traffic.
public struct HTTPServerConfiguration: Sendable {
    /// Where to listen; port 0 picks an ephemeral port (see ``HTTPServer/start()``). Default `127.0.0.1:8080`.
    public var listen: [SocketAddress]
    /// Event loop threads, each with its own `SO_REUSEPORT` listener per address. Default: one per core.
    public var eventLoopCount: Int
    /// Request line limit → 414. Default 8 KiB.
    public var maxRequestLineLength = 8 * 1024
    /// Header section limit (all field lines, CRLFs included) → 431. Default 16 KiB.
    public var maxHeaderSectionSize = 16 * 1024
    /// Header field line count limit → 431. Default 100.
    public var maxHeaderCount = 100
    /// Body limit (Content-Length or de-chunked total) → 413. Default 1 MiB.
    public var maxBodySize = 1024 * 1024
    /// A request whose head and body are not complete this long after its first byte gets 408 and is closed
    /// (slowloris). A new connection that sends nothing in this time is closed silently. Default 10 s.
    public var requestTimeout: Duration = .seconds(10)
    /// An idle keep-alive connection is closed silently after this. Default 60 s.
    public var idleTimeout: Duration = .seconds(60)
    /// A response that makes no write progress for this long is abandoned and the connection closed. Default 30 s.
    public var writeTimeout: Duration = .seconds(30)
    /// Open connections across all loops. Beyond it a new connection is accepted, sent a
    /// `503 Service Unavailable` with `Retry-After: 1` (best effort, one non-blocking write) and closed at once, so
    /// that a gateway sees a clear answer instead of a hanging SYN. Default 4096.
    public var maxConnections = 4096
    /// How long ``HTTPServer/shutdown()`` lets in-flight requests run before closing everything. Default 10 s.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// `listen(2)` backlog. Default 1024.
    public var listenBacklog: Int32 = 1024

    /// A configuration with the defaults, listening on `listen`.
    public init(listen: [SocketAddress]) {
        self.listen = listen
        self.eventLoopCount = POSIXSocket.processorCount()
    }

    /// A configuration with the defaults, listening on `127.0.0.1:8080`.
    public init() {
        // A literal numeric address always parses.
        let address = (try? SocketAddress(host: "127.0.0.1", port: 8080)).map { [$0] } ?? []
        self.init(listen: address)
    }

    var parserLimits: HTTPParserLimits {
        HTTPParserLimits(
            maxRequestLineLength: maxRequestLineLength,
            maxHeaderSectionSize: maxHeaderSectionSize,
            maxHeaderCount: maxHeaderCount,
            maxBodySize: maxBodySize
        )
    }
}

extension Duration {
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) &* 1_000_000_000 &+ UInt64(max(0, attoseconds) / 1_000_000_000)
    }

    init(nanoseconds: UInt64) {
        self = .nanoseconds(Int64(clamping: nanoseconds))
    }
}
