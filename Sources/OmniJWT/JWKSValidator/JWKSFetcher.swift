/// Fetches a URL for ``JWKSValidator``: the discovery document and the JWK Set.
///
/// `URLSessionJWKSFetcher` (product `OmniJWTURLSession`) is ready to use; services with their own HTTP client conform
/// their client instead. Implementations must not follow redirects to other hosts silently
/// if that matters to them, and should apply their own timeout.
public protocol JWKSFetcher: Sendable {
    /// GETs `url`, returning the status code, the response headers (any case) and the body.
    func get(_ url: String) async throws -> (status: Int, headers: [String: String], body: [UInt8])
}
