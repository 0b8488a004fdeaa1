public import FoundationEssentials
import OmniJWT
public import OmniStore
import Synchronization

/// An access token we issued that verified: signature, `typ`, `iss`, `aud`, `exp`.
public struct VerifiedAccessToken: Sendable, Equatable {
    public let jti: String
    /// The member id, or the client id for client credentials.
    public let subject: String
    public let clientID: String
    public let scope: ScopeSet
    public let amr: [AuthenticationMethod]
    public let channel: String
    public let audience: [String]
    public let issuedAt: Date
    public let expiresAt: Date
    /// When the member signed in; nil for client-credentials tokens.
    public let authTime: Date?

    /// The member the token speaks for; nil for a client acting on its own behalf.
    public var memberID: MemberID? { authTime == nil ? nil : MemberID(rawValue: subject) }
}

/// Verifies OmniID access tokens (RFC 9068 §4) and checks that they are still good: a member
/// token's grant must be unrevoked and its member not merged; no token may be on the revocation
/// list (RFC 7009 §2.1). See ``AccessTokenLedger``.
public final class AccessTokenVerifier: Sendable {
    public let issuer: String
    public let audience: String
    let keys: KeyStore
    let database: any DatabaseWriter
    private let cached = Mutex<(keyIDs: [String], verifier: JWTVerifier)?>(nil)

    public init(issuer: String, audience: String, keys: KeyStore, database: any DatabaseWriter) {
        self.issuer = issuer
        self.audience = audience
        self.keys = keys
        self.database = database
    }

    /// Signature and claims only, no database: `invalid_token` when anything is wrong.
    public func verifySignature(_ token: String, now: Date) throws(OAuthError) -> VerifiedAccessToken {
        do {
            // Our own clock signed it: no leeway. RS256 only, `typ` at+jwt (RFC 9068 §4, RFC 8725 §3.11).
            let verified = try verifier(now: now).verify(
                token,
                as: AccessTokenPayload.self,
                policy: .accessToken(issuer: issuer, audience: audience, leeway: 0),
                now: now
            )
            let claims = verified.claims
            guard let jti = claims.id?.value, let subject = claims.subject?.value,
                let issuedAt = claims.issuedAt?.value, let expiresAt = claims.expiration?.value
            else { throw OAuthError.invalidToken("the access token is invalid") }
            return VerifiedAccessToken(
                jti: jti,
                subject: subject,
                clientID: claims.custom.clientID,
                scope: ScopeSet(claims.custom.scope.split(separator: " ").map(String.init)),
                amr: (claims.custom.amr ?? []).compactMap(AuthenticationMethod.init(rawValue:)),
                channel: claims.custom.channel,
                audience: claims.audience?.value ?? [],
                issuedAt: issuedAt,
                expiresAt: expiresAt,
                authTime: claims.custom.authTime.map { Date(timeIntervalSince1970: TimeInterval($0)) }
            )
        } catch let error as OAuthError {
            throw error
        } catch JWTError.expired {
            throw .invalidToken("the access token has expired")
        } catch {
            throw .invalidToken("the access token is invalid")
        }
    }

    /// Signature, claims and revocation state.
    public func verify(_ token: String, now: Date) async throws -> VerifiedAccessToken {
        let verified = try verifySignature(token, now: now)
        guard try await isActive(verified) else { throw OAuthError.invalidToken("the access token was revoked") }
        return verified
    }

    /// Whether a verified token is still good (see the type's documentation).
    public func isActive(_ token: VerifiedAccessToken) async throws -> Bool {
        let (jti, member, clientID) = (token.jti, token.memberID, token.clientID)
        return try await database.read { db in
            if let member {
                return try AccessTokenLedger.isMemberTokenActive(db, jti: jti, memberID: member, clientID: clientID)
            }
            return !(try AccessTokenLedger.isRevoked(db, jti: jti))
        }
    }

    /// A verifier for the keys published at `now`, rebuilt only when the key ids change.
    private func verifier(now: Date) throws -> JWTVerifier {
        let jwks = keys.publishedKeys(at: now)
        let ids = jwks.keys.compactMap(\.keyID)
        if let current = cached.withLock({ $0 }), current.keyIDs == ids { return current.verifier }
        let verifier = try JWTVerifier(keys: jwks, allowedAlgorithms: [.rs256])
        cached.withLock { $0 = (ids, verifier) }
        return verifier
    }
}
