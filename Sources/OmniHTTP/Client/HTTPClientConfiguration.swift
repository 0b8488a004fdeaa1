/// Limits and trust settings of an ``HTTPClient``.
public struct HTTPClientConfiguration: Sendable {
    /// The largest response body accepted, after de-chunking; past it the request fails with
    /// ``HTTPClientError/responseTooLarge(limit:)``. 1 MiB: WeChat's answers are a few hundred bytes.
    public var maxResponseBodySize = 1 << 20
    /// The largest response head (status line and header fields, each interim 1xx head counted alone).
    public var maxResponseHeadSize = 64 << 10
    /// A PEM file of extra trusted CA certificates, added to the system store (`SSL_CTX_set_default_verify_paths`):
    /// for tests and private upstreams. The system store is always trusted too.
    public var additionalTrustedCAFile: String?
    /// The `User-Agent` sent when a request sets none.
    public var userAgent = "omniid"
    /// The most threads resolving host names at once (`getaddrinfo` blocks); they exit when idle.
    public var maxResolverThreads = 4

    /// The defaults above.
    public init() {}
}
