/// Why ``HTTPClient/execute(_:timeout:)`` failed.
///
/// No case and no description ever holds a URL's path or query: WeChat's query strings carry the app secret.
/// Host names and ports do appear, so that a log line says which upstream failed.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not `http://` or `https://` with a valid host, port and request target; `reason` names the
    /// part, never the URL itself.
    case invalidURL(reason: String)
    /// The request itself cannot be sent (a method that is not a token).
    case invalidRequest(reason: String)
    /// `getaddrinfo` failed for `host` (no such name, no answer from the resolver).
    case dnsFailure(host: String, reason: String)
    /// No address of `host` accepted a TCP connection (refused, unreachable), or no socket could be made.
    case connectFailed(host: String, port: UInt16, reason: String)
    /// The TLS handshake failed: untrusted or expired certificate, wrong host name, no common protocol version.
    case tlsFailure(reason: String)
    /// The deadline passed before the whole response arrived (name lookup, connect, TLS, write and read together).
    case timeout
    /// The response body is longer than ``HTTPClientConfiguration/maxResponseBodySize`` (or its head longer than
    /// ``HTTPClientConfiguration/maxResponseHeadSize``).
    case responseTooLarge(limit: Int)
    /// The bytes received are not an HTTP/1.x response (RFC 9112): bad status line, header or framing.
    case malformedResponse(reason: String)
    /// The server closed the connection (or reset it) before the response was complete.
    case connectionClosed
    /// The task awaiting the response was cancelled; the connection was closed.
    case cancelled
    /// The client could not set itself up (TLS context, trust file, event loop thread).
    case setupFailed(reason: String)

    /// One line for logs, without path or query.
    public var description: String {
        switch self {
        case .invalidURL(let reason): "invalid URL: \(reason)"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        case .dnsFailure(let host, let reason): "cannot resolve \(host): \(reason)"
        case .connectFailed(let host, let port, let reason): "cannot connect to \(host):\(port): \(reason)"
        case .tlsFailure(let reason): "TLS failure: \(reason)"
        case .timeout: "timed out"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .malformedResponse(let reason): "malformed response: \(reason)"
        case .connectionClosed: "connection closed before the response was complete"
        case .cancelled: "cancelled"
        case .setupFailed(let reason): "HTTP client setup failed: \(reason)"
        }
    }
}
