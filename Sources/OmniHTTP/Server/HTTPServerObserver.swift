/// One answered request, for access logs and metrics.
public struct HTTPRequestRecord: Sendable {
    /// The method; nil when the request line could not be parsed.
    public let method: HTTPMethod?
    /// The still-encoded path; nil when the request line could not be parsed.
    public let path: String?
    /// The matched route pattern (`/interaction/:uid/otp/send`); nil for 404 and parser errors.
    public let route: String?
    /// The status sent.
    public let status: HTTPStatus
    /// From the request's first byte (or from the end of the previous pipelined response) to the response
    /// being handed to the socket.
    public let duration: Duration
    /// Request body bytes (de-chunked).
    public let requestBodyBytes: Int
    /// Response body bytes (0 for HEAD).
    public let responseBodyBytes: Int
    /// The client's address.
    public let remoteAddress: SocketAddress?
}

/// Why a connection was closed by a timer.
public enum HTTPTimeoutKind: Sendable, Equatable {
    /// A request did not complete within ``HTTPServerConfiguration/requestTimeout`` (408 sent).
    case request
    /// A keep-alive connection stayed idle past ``HTTPServerConfiguration/idleTimeout``.
    case idle
    /// A response made no progress within ``HTTPServerConfiguration/writeTimeout``.
    case write
}

/// A connection's life, for metrics.
public enum HTTPConnectionEvent: Sendable, Equatable {
    /// A connection was accepted.
    case accepted(SocketAddress?)
    /// A connection was closed (whatever the reason).
    case closed(SocketAddress?)
    /// A connection over ``HTTPServerConfiguration/maxConnections`` was answered 503 and closed.
    case rejectedOverCapacity(SocketAddress?)
    /// A connection timed out.
    case timedOut(SocketAddress?, HTTPTimeoutKind)
}

/// Something went wrong inside the server (not a client's fault).
public enum HTTPServerInternalError: Error, Sendable, Equatable {
    /// `accept(2)` failed; on EMFILE/ENFILE the listener pauses for 100 ms instead of spinning.
    case acceptFailed(SystemCallError)
    /// An event loop could not start or register a descriptor.
    case eventLoopFailure(SystemCallError)
}

/// Receives the server's events. Called on event loop threads: implementations must be fast and must not
/// block (append to a lock-protected buffer, bump counters).
public protocol HTTPServerObserver: Sendable {
    /// After each response was handed to the socket.
    func requestCompleted(_ record: HTTPRequestRecord)
    /// For each connection event.
    func connectionEvent(_ event: HTTPConnectionEvent)
    /// For each internal error.
    func internalError(_ error: HTTPServerInternalError)
}

extension HTTPServerObserver {
    /// Ignored by default.
    public func requestCompleted(_ record: HTTPRequestRecord) {}
    /// Ignored by default.
    public func connectionEvent(_ event: HTTPConnectionEvent) {}
    /// Ignored by default.
    public func internalError(_ error: HTTPServerInternalError) {}
}

/// An observer that ignores everything.
public struct NoHTTPServerObserver: HTTPServerObserver {
    /// The observer.
    public init() {}
}
