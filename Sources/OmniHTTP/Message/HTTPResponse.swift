/// A response: status, header fields and the complete body.
///
/// The server adds `Content-Length` (RFC 9112 §6.2; never for 1xx, 204 and 304) and `Connection: close` when it
/// closes; any `Content-Length`, `Transfer-Encoding` or `Connection` a handler sets is replaced.
public struct HTTPResponse: Sendable {
    /// The status.
    public var status: HTTPStatus
    /// Header fields other than framing.
    public var headers: HTTPHeaders
    /// The body; dropped for HEAD requests and for 1xx/204/304.
    public var body: [UInt8]

    /// A response with `status`, `headers` and `body`.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
