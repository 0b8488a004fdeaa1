/// `jti` (RFC 7519 §4.1.7): "The "jti" (JWT ID) claim provides a unique identifier for the
/// JWT. The identifier value MUST be assigned in a manner that ensures that there is a
/// negligible probability that the same value will be accidentally assigned to a different
/// data object."
public struct JWTIDClaim: StringClaim {
    /// The token identifier.
    public var value: String

    /// Wraps a token identifier.
    public init(value: String) {
        self.value = value
    }
}
