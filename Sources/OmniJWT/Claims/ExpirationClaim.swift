public import FoundationEssentials

/// `exp` (RFC 7519 §4.1.4): "The "exp" (expiration time) claim identifies the expiration time
/// on or after which the JWT MUST NOT be accepted for processing. The processing of the "exp"
/// claim requires that the current date/time MUST be before the expiration date/time listed
/// in the "exp" claim. Implementers MAY provide for some small leeway, usually no more than a
/// few minutes, to account for clock skew."
public struct ExpirationClaim: NumericDateClaim {
    /// The expiration instant.
    public var value: Date

    /// Wraps an expiration instant.
    public init(value: Date) {
        self.value = value
    }

    /// Throws ``JWTError/expired(expiration:now:)`` unless `now` is before `value + leeway`.
    public func verifyNotExpired(now: Date, leeway: TimeInterval) throws(JWTError) {
        guard now < value.addingTimeInterval(leeway) else { throw .expired(expiration: value, now: now) }
    }
}
