public import FoundationEssentials

/// Limits of the phone one-time codes (BRIEF: Channel sign-in, Bad input; `rate_limits.*`).
public struct OTPPolicy: Sendable, Equatable {
    /// Seconds a code lives (5 minutes).
    public var lifetime: TimeInterval
    /// Wrong codes after which a code is dead (5).
    public var attemptsPerCode: Int
    public var sendsPerPhonePerMinute: Int
    public var sendsPerPhonePerDay: Int
    public var sendsPerIPPerHour: Int

    public init(
        lifetime: TimeInterval = 300,
        attemptsPerCode: Int = 5,
        sendsPerPhonePerMinute: Int = 1,
        sendsPerPhonePerDay: Int = 10,
        sendsPerIPPerHour: Int = 2000
    ) {
        self.lifetime = lifetime
        self.attemptsPerCode = attemptsPerCode
        self.sendsPerPhonePerMinute = sendsPerPhonePerMinute
        self.sendsPerPhonePerDay = sendsPerPhonePerDay
        self.sendsPerIPPerHour = sendsPerIPPerHour
    }
}

/// The answer to a presented code.
public enum OTPCheck: Sendable, Equatable {
    /// Right code: the challenge is now consumed.
    case accepted
    /// Wrong code; this many attempts remain (0: the code is now dead).
    case wrong(attemptsLeft: Int)
    /// No live code: never sent, superseded, consumed, expired or locked by wrong attempts.
    case expired
}
