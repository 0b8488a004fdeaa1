public import FoundationEssentials

/// `iat` (RFC 7519 §4.1.6): "The "iat" (issued at) claim identifies the time at which the JWT
/// was issued. This claim can be used to determine the age of the JWT."
///
/// A token issued further in the future than the clock-skew leeway cannot be genuine (our
/// issuer stamps `iat` with its own clock), so it is refused.
public struct IssuedAtClaim: NumericDateClaim {
    /// The issue instant.
    public var value: Date

    /// Wraps an issue instant.
    public init(value: Date) {
        self.value = value
    }

    /// Throws ``JWTError/issuedInFuture(issuedAt:now:)`` if `value` is after `now + leeway`.
    public func verifyNotInFuture(now: Date, leeway: TimeInterval) throws(JWTError) {
        guard value <= now.addingTimeInterval(leeway) else { throw .issuedInFuture(issuedAt: value, now: now) }
    }
}
