/// A complete request, as handed to a handler.
public struct HTTPRequest: Sendable {
    /// The method token.
    public let method: HTTPMethod
    /// HTTP/1.0 or HTTP/1.1.
    public let version: HTTPVersion
    /// The request-target exactly as received (`/authorize?client_id=...`).
    public let target: String
    /// The path, still percent-encoded (`/interaction/abc/otp/send`); `*` for `OPTIONS *`.
    public let path: String
    /// The raw query after `?`, still encoded; nil when the target has no `?`.
    public let query: String?
    /// The header fields in order.
    public let headers: HTTPHeaders
    /// The body bytes (de-chunked), empty when none.
    public let body: [UInt8]
    /// The client's address (the gateway's, behind a proxy); nil only for requests built in tests.
    public let remoteAddress: SocketAddress?
    /// The decoded values of the route's `:name` segments.
    public internal(set) var pathParameters: [String: String] = [:]
    /// The pattern of the matched route (`/interaction/:uid/otp/send`), for metrics labels; nil when unmatched.
    public internal(set) var route: String?

    /// A request built in code (tests, internal dispatch); `target` is split into path and query.
    public init(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        remoteAddress: SocketAddress? = nil
    ) {
        self.method = method
        self.version = version
        self.target = target
        if let mark = target.firstIndex(of: "?") {
            self.path = String(target[..<mark])
            self.query = String(target[target.index(after: mark)...])
        } else {
            self.path = target
            self.query = nil
        }
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    init(head: RequestHead, body: [UInt8], remoteAddress: SocketAddress?) {
        self.method = head.method
        self.version = head.version
        self.target = head.target
        self.path = head.path
        self.query = head.query
        self.headers = head.headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The decoded query parameters; invalid escapes or UTF-8 throw (→ 400 through the default error mapper).
    public func queryParameters() throws(FormDecodingError) -> FormParameters {
        guard let query else { return FormParameters() }
        return try FormParameters(parsing: query[...])
    }

    /// The decoded `application/x-www-form-urlencoded` body. Throws ``RequestBodyError/unsupportedMediaType`` when
    /// the `Content-Type` says otherwise (→ 415), ``RequestBodyError/invalidForm(_:)`` for a malformed body (→ 400).
    public func formParameters() throws(RequestBodyError) -> FormParameters {
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw .unsupportedMediaType(expected: "application/x-www-form-urlencoded")
        }
        do {
            return try FormParameters(parsing: body)
        } catch {
            throw .invalidForm(error)
        }
    }

    /// The media type of `Content-Type`, lowercased and without parameters (`application/json`), or nil.
    public var mediaType: String? {
        guard let contentType = headers["Content-Type"] else { return nil }
        let type = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return HTTPHeaders.trimmed(String(type)).lowercased()
    }

    /// The cookies of the `Cookie` header lines (RFC 6265 §5.4).
    public var cookies: HTTPCookies { HTTPCookies(headers: headers) }
}
