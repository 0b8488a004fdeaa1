import FoundationEssentials
public import OmniHTTP
public import OmniID

/// Authenticates requests to our own resource endpoints (userinfo, account, QR approval,
/// hand-off) by their `Authorization: Bearer` access token (RFC 6750 §2.1).
///
/// The token must be an RS256 JWT signed by one of our published keys, `typ` `at+jwt`, our `iss`
/// and access-token `aud`, unexpired (RFC 9068 §4), and still good: not revoked by `jti`, its
/// refresh family not revoked, its member not merged away. Any failure is `invalid_token`
/// (401, `WWW-Authenticate: Bearer error="invalid_token"` at the error boundary).
///
/// Create one per route registration and keep it: it caches the verifier for the current keys.
///
/// ```swift
/// let bearer = BearerAuthenticator(context: context)
/// router.get("/account/identities") { request in
///     let caller = try await bearer.authenticate(request)
///     guard let member = caller.memberID else { throw OAuthError(.insufficientScope, "a member token is required") }
///     ...
/// }
/// ```
public struct BearerAuthenticator: Sendable {
    public let verifier: AccessTokenVerifier
    let now: @Sendable () -> Date

    public init(context: ServerContext) {
        verifier = AccessTokenVerifier(
            issuer: context.configuration.issuer,
            audience: context.configuration.accessTokenAudience,
            keys: context.keys,
            database: context.database
        )
        now = { context.now() }
    }

    /// The bearer token of the request, if it has one (RFC 6750 §2.1: `Bearer` + b64token).
    public static func token(in request: HTTPRequest) -> String? {
        guard let header = request.headers["Authorization"], header.count > 7,
            header.prefix(7).lowercased() == "bearer "
        else { return nil }
        let token = header.dropFirst(7).drop { $0 == " " }
        return token.isEmpty ? nil : String(token)
    }

    /// The verified, unrevoked access token of the request; `invalid_token` otherwise (RFC 6750 §3.1).
    public func authenticate(_ request: HTTPRequest) async throws -> VerifiedAccessToken {
        guard let token = Self.token(in: request) else {
            throw OAuthError.invalidToken("a Bearer access token is required")
        }
        return try await verifier.verify(token, now: now())
    }
}
