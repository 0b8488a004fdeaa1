/// The JOSE header of a compact JWS (RFC 7515 §4.1), limited to the parameters OmniID uses.
///
/// Unknown parameters are ignored, except that anything listed in `crit` makes verification
/// fail (RFC 7515 §4.1.11). Header parameters that point at keys (`jku`, `jwk`, `x5u`, `x5c`)
/// are never used to pick a key (RFC 8725 §3.10): keys come only from the verifier's key set.
public struct JWSHeader: Codable, Sendable, Equatable {
    /// `alg`: the algorithm that secures the JWS (RFC 7515 §4.1.1). REQUIRED.
    public var algorithm: String
    /// `kid`: which key secured the JWS (RFC 7515 §4.1.4).
    public var keyID: String?
    /// `typ`: the media type of the complete JWS (RFC 7515 §4.1.9), e.g. `at+jwt` (RFC 9068 §2.1).
    public var type: String?
    /// `cty`: the media type of the payload (RFC 7515 §4.1.10).
    public var contentType: String?
    /// `crit`: extensions that must be understood (RFC 7515 §4.1.11).
    public var critical: [String]?

    /// Creates a header.
    public init(
        algorithm: JWSAlgorithm,
        keyID: String? = nil,
        type: String? = nil,
        contentType: String? = nil,
        critical: [String]? = nil
    ) {
        self.algorithm = algorithm.rawValue
        self.keyID = keyID
        self.type = type
        self.contentType = contentType
        self.critical = critical
    }

    enum CodingKeys: String, CodingKey {
        case algorithm = "alg"
        case keyID = "kid"
        case type = "typ"
        case contentType = "cty"
        case critical = "crit"
    }

    /// RFC 7515 §4.1.11: "If any of the listed extension Header Parameters are not understood
    /// and supported by the recipient, then the JWS is invalid." We implement no extension, so
    /// any `crit` fails; an empty list is itself invalid ("Producers MUST NOT use the empty list").
    public func verifyCritical() throws(JWTError) {
        guard let critical else { return }
        guard !critical.isEmpty else { throw .invalidHeader(reason: "crit must not be empty") }
        throw .unsupportedCriticalHeader(critical)
    }

    /// RFC 7515 §4.1.9: `typ` is a media type, compared case-insensitively, whose
    /// `application/` prefix may be omitted; RFC 9068 §4 accepts `at+jwt` or `application/at+jwt`.
    ///
    /// - Parameter accepted: type names without the `application/` prefix, e.g. `["at+jwt"]`.
    public func verifyType(accepted: [String]) throws(JWTError) {
        guard let type, let normalized = Self.normalizedMediaType(type),
            accepted.contains(where: { Self.normalizedMediaType($0) == normalized })
        else { throw .typeNotAccepted(actual: type, accepted: accepted) }
    }

    static func normalizedMediaType(_ value: String) -> String? {
        let lower = value.lowercased()
        let prefix = "application/"
        let bare = lower.hasPrefix(prefix) ? String(lower.dropFirst(prefix.count)) : lower
        return bare.isEmpty || bare.contains("/") ? nil : bare
    }
}
