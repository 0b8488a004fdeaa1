/// Why a WeChat call failed, sorted by what the caller should do about it.
///
/// No case carries a code, a token or a secret, so descriptions are safe in logs and error bodies.
/// `OmniServer` maps them (BRIEF: Channel sign-in): ``invalidCode`` → 400 `invalid_grant`, ``userBlocked`` →
/// 403 `access_denied`, ``unavailable(_:)`` → 503 `temporarily_unavailable`, the rest → 500 `server_error`.
public enum WeChatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The code is wrong, expired (WeChat codes live 5 minutes), used (single use), or from another app:
    /// 40029 `invalid code`, 40163 `code been used`, 41008 `missing code`.
    case invalidCode(errcode: Int)
    /// WeChat refuses this user: 40226 (high-risk user, mini-program login blocked), 50002 `user limited`.
    case userBlocked(errcode: Int)
    /// WeChat cannot answer now; trying again later may work.
    case unavailable(Unavailability)
    /// WeChat refused our own app credentials: 40125 `invalid appsecret`, 40013 `invalid appid`, 40001 at
    /// `cgi-bin/token`, 40164 (caller IP not in the whitelist), 40243 (AppSecret frozen), 41002/41004
    /// (appid/secret missing), 50004 (token API forbidden), 50007 (account frozen), 89501/89503 (IP awaits the
    /// administrator's confirmation), 89506/89507 (IP blocked). An operator must act.
    case credentialsRejected(errcode: Int)
    /// The app access token was refused again right after a fresh one was fetched (40001, 40014, 42001).
    case accessTokenRejected(errcode: Int)
    /// `app` is not in `wechat.apps`.
    case unknownApp(String)
    /// Any other errcode (48001 `api unauthorized`, 40002 `invalid grant_type`...): our request or configuration
    /// is wrong in a way the caller cannot fix.
    case unexpected(errcode: Int)
    /// An HTTP status WeChat does not send (404: `wechat.api_base` points at the wrong place).
    case unexpectedHTTPStatus(Int)

    /// The transient failures.
    public enum Unavailability: Sendable, Equatable, CustomStringConvertible {
        /// -1 `system error` (系统繁忙, "try again later").
        case busy
        /// 45011 (`api minute-quota reach limit`), 45009 (daily quota), 45033...: WeChat's frequency limits.
        case rateLimited(errcode: Int)
        /// An HTTP 5xx (or 429) status.
        case httpStatus(Int)
        /// The body is not the JSON object WeChat documents.
        case invalidResponse
        /// No complete answer within `wechat.timeout_ms`.
        case timeout
        /// DNS, connect, TLS or a connection closed early; `reason` names the host at most, never the query.
        case network(String)

        public var description: String {
            switch self {
            case .busy: "WeChat is busy (errcode -1)"
            case .rateLimited(let errcode): "WeChat rate limit reached (errcode \(errcode))"
            case .httpStatus(let status): "WeChat answered HTTP \(status)"
            case .invalidResponse: "WeChat's answer is not valid JSON of the documented shape"
            case .timeout: "WeChat did not answer in time"
            case .network(let reason): "WeChat is unreachable: \(reason)"
            }
        }
    }

    public var description: String {
        switch self {
        case .invalidCode(let errcode): "code invalid, expired or used (errcode \(errcode))"
        case .userBlocked(let errcode): "WeChat blocks this user (errcode \(errcode))"
        case .unavailable(let reason): reason.description
        case .credentialsRejected(let errcode): "WeChat refused our app credentials (errcode \(errcode))"
        case .accessTokenRejected(let errcode): "WeChat refused a fresh app access token (errcode \(errcode))"
        case .unknownApp(let appID): "WeChat app \(appID) is not configured"
        case .unexpected(let errcode): "unexpected WeChat answer (errcode \(errcode))"
        case .unexpectedHTTPStatus(let status): "unexpected WeChat HTTP status \(status)"
        }
    }
}
