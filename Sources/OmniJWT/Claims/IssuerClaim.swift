/// `iss` (RFC 7519 §4.1.1): "The "iss" (issuer) claim identifies the principal that issued the
/// JWT. The processing of this claim is generally application specific. The "iss" value is a
/// case-sensitive string containing a StringOrURI value."
public struct IssuerClaim: StringClaim {
    /// The issuer identifier, e.g. `https://id.example.com`.
    public var value: String

    /// Wraps an issuer identifier.
    public init(value: String) {
        self.value = value
    }

    /// RFC 9068 §4: "The issuer identifier for the authorization server ... MUST exactly match
    /// the value of the "iss" claim." Compared character for character.
    public static func verify(_ claim: IssuerClaim?, expected: String) throws(JWTError) {
        guard let claim, claim.value == expected else {
            throw .issuerMismatch(expected: expected, actual: claim?.value)
        }
    }
}
