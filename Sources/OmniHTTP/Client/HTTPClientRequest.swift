/// An outbound request: method, absolute `http://` or `https://` URL, header fields and body.
///
/// The client writes `Host`, `Content-Length` and `Connection: close` itself (RFC 9112 §3.2, §6.2, §9.6); those
/// fields, and `Transfer-Encoding`, are ignored in ``headers``. `User-Agent` defaults to
/// ``HTTPClientConfiguration/userAgent``.
///
/// The URL must already be percent-encoded (RFC 3986 §2.1): ``PercentEncoding/formEncode(_:)`` encodes one query
/// name or value. It may hold secrets in its query; the client never repeats it in an error.
public struct HTTPClientRequest: Sendable {
    /// The method; `HEAD` responses are read without a body.
    public var method: HTTPMethod
    /// `http://host[:port]/path?query` or `https://...`; a fragment is dropped, user information is refused.
    public var url: String
    /// Extra header fields, validated when added.
    public var headers: HTTPHeaders
    /// The body, sent with `Content-Length`.
    public var body: [UInt8]

    /// A request to `url`.
    public init(method: HTTPMethod = .GET, url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A received response: status, header fields and the complete (de-chunked) body.
public struct HTTPClientResponse: Sendable {
    /// The final status (1xx interim responses are skipped).
    public var status: HTTPStatus
    /// The header fields as received (trailer fields of a chunked body are not merged in).
    public var headers: HTTPHeaders
    /// The body, at most ``HTTPClientConfiguration/maxResponseBodySize`` bytes.
    public var body: [UInt8]

    /// A response; the client builds these, tests and fakes may too.
    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
