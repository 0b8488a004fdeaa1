/// An OAuth 2.0 error (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3.1; OpenID Connect Core §3.1.2.6).
///
/// The domain throws these with a human description; `OmniServer` alone turns them into HTTP
/// statuses, JSON bodies or redirects. Descriptions never contain secrets, tokens or codes.
public struct OAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The registered error code, e.g. `invalid_grant`.
    public let code: Code
    /// `error_description`: for the developer of the client, never containing a secret.
    public let detail: String
    /// Extra fields of the error body, such as `attempts_left` for a wrong OTP.
    public let extra: [String: Int]
    /// Seconds the client should wait before retrying, sent as `Retry-After`.
    public let retryAfter: Int?

    public init(_ code: Code, _ detail: String, extra: [String: Int] = [:], retryAfter: Int? = nil) {
        self.code = code
        self.detail = detail
        self.extra = extra
        self.retryAfter = retryAfter
    }

    public var description: String { "\(code.rawValue): \(detail)" }

    /// Error codes from RFC 6749, RFC 6750, RFC 8693, OpenID Connect Core and OmniID's own channel API.
    public enum Code: String, Sendable, Equatable {
        // RFC 6749 §5.2 and §4.1.2.1
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case invalidGrant = "invalid_grant"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case unsupportedResponseType = "unsupported_response_type"
        case invalidScope = "invalid_scope"
        case accessDenied = "access_denied"
        case serverError = "server_error"
        case temporarilyUnavailable = "temporarily_unavailable"
        // RFC 6750 §3.1
        case invalidToken = "invalid_token"
        case insufficientScope = "insufficient_scope"
        // RFC 8693 §2.2.2
        case invalidTarget = "invalid_target"
        // OpenID Connect Core §3.1.2.6
        case loginRequired = "login_required"
        case interactionRequired = "interaction_required"
        // OpenID Connect Core §3.1.2.6, for §6 request objects, which OmniID does not take
        case requestNotSupported = "request_not_supported"
        case requestURINotSupported = "request_uri_not_supported"
        // RFC 7009 §2.2.1
        case unsupportedTokenType = "unsupported_token_type"
        // OmniID channel API (BRIEF: Channel sign-in)
        case invalidPhone = "invalid_phone"
        case invalidOTP = "invalid_otp"
        case otpExpired = "otp_expired"
        case slowDown = "slow_down"
        case interactionNotFound = "interaction_not_found"
        case interactionExpired = "interaction_expired"
        case identityConflict = "identity_conflict"
    }
}

extension OAuthError {
    public static func invalidRequest(_ detail: String) -> OAuthError { OAuthError(.invalidRequest, detail) }
    public static func invalidGrant(_ detail: String) -> OAuthError { OAuthError(.invalidGrant, detail) }
    public static func invalidClient(_ detail: String) -> OAuthError { OAuthError(.invalidClient, detail) }
    public static func invalidScope(_ detail: String) -> OAuthError { OAuthError(.invalidScope, detail) }
    public static func unauthorizedClient(_ detail: String) -> OAuthError { OAuthError(.unauthorizedClient, detail) }
    public static func invalidToken(_ detail: String) -> OAuthError { OAuthError(.invalidToken, detail) }
}
