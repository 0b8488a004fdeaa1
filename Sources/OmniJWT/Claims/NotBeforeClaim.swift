public import FoundationEssentials

/// `nbf` (RFC 7519 §4.1.5): "The "nbf" (not before) claim identifies the time before which the
/// JWT MUST NOT be accepted for processing. The processing of the "nbf" claim requires that the
/// current date/time MUST be after or equal to the not-before date/time listed in the "nbf"
/// claim. Implementers MAY provide for some small leeway."
public struct NotBeforeClaim: NumericDateClaim {
    /// The instant from which the token is valid.
    public var value: Date

    /// Wraps a not-before instant.
    public init(value: Date) {
        self.value = value
    }

    /// Throws ``JWTError/notYetValid(notBefore:now:)`` if `now + leeway` is before `value`.
    public func verifyNotBefore(now: Date, leeway: TimeInterval) throws(JWTError) {
        guard now.addingTimeInterval(leeway) >= value else { throw .notYetValid(notBefore: value, now: now) }
    }
}
