public import FoundationEssentials

/// One text message for a phone.
public struct SMSMessage: Sendable, Equatable {
    /// E.164 recipient.
    public var to: String
    public var text: String
    /// The one-time code the text carries, for senders (the outbox) that record it separately; real
    /// gateways ignore it.
    public var code: String?
    public var at: Date

    public init(to: String, text: String, code: String?, at: Date) {
        self.to = to
        self.text = text
        self.code = code
        self.at = at
    }

    /// The sign-in code text, in Chinese and English (one message: the page does not know which the
    /// member reads).
    public static func signInCode(_ code: String, to phone: String, validMinutes: Int, at: Date) -> SMSMessage {
        SMSMessage(
            to: phone,
            text: "【OmniShop】验证码 \(code)，\(validMinutes)分钟内有效。"
                + "Your OmniShop code is \(code) (valid \(validMinutes) min).",
            code: code,
            at: at
        )
    }
}

/// Sends text messages (`sms.sender`). The outbox is the only sender so far; a gateway is one more
/// conforming type.
public protocol SMSSender: Sendable {
    func send(_ message: SMSMessage) async throws
}

/// The message could not be handed over.
public struct SMSSendError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "SMS not sent: \(reason)" }
}
