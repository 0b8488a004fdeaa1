/// How a member proved who they are: the `amr` values of tokens (RFC 8176 §2, BRIEF: Standard protocol surface).
public enum AuthenticationMethod: String, Sendable, Codable, CaseIterable {
    /// RFC 8176: confirmation by SMS to a registered number.
    case sms
    /// RFC 8176: one-time password.
    case otp
    /// Signed in through WeChat (mini-program or app).
    case wechat
    /// Approved by scanning a QR code with a signed-in app.
    case qr

    /// `["sms","otp"]` for a phone one-time code.
    public static let phoneOTP: [AuthenticationMethod] = [.sms, .otp]
}
