public import Foundation
import FoundationNetworking
public import OmniJWT

/// A ready ``JWKSFetcher`` for services: lives in its own product so that OmniJWT itself (and the
/// OmniID server) does not link Foundation networking and libcurl. The default fetcher: an ephemeral `URLSession` (no cookies, no on-disk cache; the
/// validator does its own caching from `Cache-Control`).
public struct URLSessionJWKSFetcher: JWKSFetcher {
    /// Why a fetch failed before an HTTP status was available.
    public enum FetchError: Error, Equatable, Sendable {
        /// The URL string does not parse.
        case invalidURL(String)
        /// The response was not HTTP.
        case notHTTP
    }

    let timeout: Double

    /// A fetcher whose requests give up after `timeout` seconds.
    public init(timeout: Double = 10) {
        self.timeout = timeout
    }

    /// GETs `url` with `Accept: application/json`.
    public func get(_ url: String) async throws -> (status: Int, headers: [String: String], body: [UInt8]) {
        guard let parsed = URL(string: url), parsed.scheme == "https" || parsed.scheme == "http" else {
            throw FetchError.invalidURL(url)
        }
        var request = URLRequest(url: parsed, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw FetchError.notHTTP }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return (http.statusCode, headers, Array(data))
    }
}

extension JWKSValidator {
    /// A validator that fetches discovery and JWKS with `URLSessionJWKSFetcher`.
    public init(
        issuer: String,
        audience: String,
        unknownKeyRefetchInterval: TimeInterval = 30,
        defaultMaxAge: TimeInterval = 300,
        leeway: TimeInterval = 60,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(
            issuer: issuer,
            audience: audience,
            fetcher: URLSessionJWKSFetcher(),
            unknownKeyRefetchInterval: unknownKeyRefetchInterval,
            defaultMaxAge: defaultMaxAge,
            leeway: leeway,
            now: now
        )
    }
}
