import FoundationEssentials
import OmniCrypto
import OmniHTTP
import OmniJWT
import Synchronization

/// `GET /jwks`: the published keys (next, active, retired-but-unexpired) with `Cache-Control:
/// max-age` (BRIEF: Keys) and a strong `ETag` so caches can revalidate (RFC 9110 §8.8.3).
///
/// The document is rebuilt only when the set of published key ids changes, so the route runs
/// inline on the event loop.
enum JWKSRoute {
    static func register(_ router: inout Router, context: ServerContext) {
        let cache = JWKSDocumentCache()
        let maxAge = context.configuration.keys.jwksMaxAge
        router.inline(.GET, "/jwks") { request in
            let document = try cache.document(for: context.keys.publishedKeys(at: context.now()))
            var response: HTTPResponse
            if let tags = request.headers["If-None-Match"], ETagList.matches(tags, document.etag) {
                response = HTTPResponse(status: HTTPStatus(code: 304, reasonPhrase: "Not Modified"))
            } else {
                response = HTTPResponse.json(bytes: document.body)
                try response.headers.set("Content-Type", "application/jwk-set+json")
            }
            try response.headers.set("Cache-Control", "public, max-age=\(maxAge)")
            try response.headers.set("ETag", document.etag)
            return response
        }
    }
}

/// Encoded JWKS bytes and their ETag, recomputed when the key ids change.
final class JWKSDocumentCache: Sendable {
    struct Document: Sendable {
        let keyIDs: [String]
        let body: [UInt8]
        let etag: String
    }

    private let current = Mutex<Document?>(nil)

    func document(for jwks: JWKS) throws -> Document {
        let ids = jwks.keys.compactMap(\.keyID)
        if let document = current.withLock({ $0 }), document.keyIDs == ids { return document }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = Array(try encoder.encode(jwks))
        let etag = "\"" + Base64URL.encode(SHA256.hash(body).prefix(16)) + "\""
        let document = Document(keyIDs: ids, body: body, etag: etag)
        current.withLock { $0 = document }
        return document
    }
}

/// `If-None-Match` comparison (RFC 9110 §13.1.2: weak comparison, `*` matches any).
enum ETagList {
    static func matches(_ header: String, _ etag: String) -> Bool {
        let opaque = etag.hasPrefix("W/") ? String(etag.dropFirst(2)) : etag
        return header.split(separator: ",").contains { candidate in
            let trimmed = String(
                candidate.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
            )
            if trimmed == "*" { return true }
            return (trimmed.hasPrefix("W/") ? String(trimmed.dropFirst(2)) : trimmed) == opaque
        }
    }
}
