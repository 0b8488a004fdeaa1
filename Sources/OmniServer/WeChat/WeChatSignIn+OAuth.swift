import OmniID

extension WeChatSignIn.Failure {
    /// The OAuth error a client sees (BRIEF: Channel sign-in): bad, used or expired code → 400
    /// `invalid_grant`; user blocked → 403 `access_denied`; WeChat busy, rate-limited, 5xx, invalid JSON or
    /// timeout → 503 `temporarily_unavailable`; our own credentials or configuration refused → 500
    /// `server_error` (the adapter has logged the details, without the secret).
    var oauthError: OAuthError {
        let code = step == .phoneNumber ? "phone_code" : "the WeChat login code"
        switch error {
        case .invalidCode:
            return .invalidGrant("\(code) is invalid, expired or already used; get a new one from WeChat")
        case .userBlocked:
            return OAuthError(.accessDenied, "WeChat does not allow this user to sign in")
        case .unavailable(let reason):
            let retryAfter: Int? =
                switch reason {
                case .rateLimited: 60
                default: 1
                }
            return OAuthError(
                .temporarilyUnavailable,
                "WeChat is unavailable (\(reason)); try again shortly",
                retryAfter: retryAfter
            )
        case .credentialsRejected, .accessTokenRejected, .unknownApp, .unexpected, .unexpectedHTTPStatus:
            return OAuthError(.serverError, "the WeChat sign-in is misconfigured on the server")
        }
    }
}
