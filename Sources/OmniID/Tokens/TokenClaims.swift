import FoundationEssentials

/// The claims OmniID adds to an RFC 9068 access token (the registered ones live in `JWTClaims`).
struct AccessTokenPayload: Codable, Sendable, Equatable {
    /// RFC 9068 §2.2: REQUIRED.
    var clientID: String
    /// RFC 9068 §2.2.3.
    var scope: String
    /// RFC 8176 method references; members only.
    var amr: [String]?
    /// `web`, `app`, `miniprogram`, or `service` for client credentials (BRIEF).
    var channel: String
    /// RFC 9068 §2.2.1 (OIDC Core §2): when the member authenticated; members only.
    var authTime: Int64?

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case scope, amr, channel
        case authTime = "auth_time"
    }
}

/// The claims of an ID token besides the registered ones (OpenID Connect Core §2, §3.1.3.6, §5.1).
struct IDTokenPayload: Codable, Sendable, Equatable {
    var authTime: Int64
    var nonce: String?
    var amr: [String]
    /// OIDC Core §3.1.3.6: base64url of the left half of SHA-256 of the access token's ASCII.
    var atHash: String?
    /// OIDC Core §2: the party the token was issued to.
    var azp: String
    var phoneNumber: String?
    var phoneNumberVerified: Bool?

    enum CodingKeys: String, CodingKey {
        case authTime = "auth_time"
        case nonce, amr
        case atHash = "at_hash"
        case azp
        case phoneNumber = "phone_number"
        case phoneNumberVerified = "phone_number_verified"
    }
}

/// NumericDate as whole seconds (RFC 7519 §2 allows fractions; whole seconds interoperate best).
func wholeSeconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
