import OmniID

/// WeChat's errcodes and what each means for us.
///
/// Sources: 小程序 `auth.code2Session` (errcode -1, 40029, 45011, 40226; 40163 `code been used` as WeChat
/// answers it), `auth.getAccessToken` (-1, 40001, 40002, 40013, 40125, 40164, 40243, 41002, 41004, 50004,
/// 50007, 89501, 89503, 89506, 89507), `phonenumber.getPhoneNumber` (-1, 40029, 45011, 40013), 移动应用微信登录
/// `sns/oauth2/access_token` (40029, 40163), and the 全局返回码说明 (40014, 41001, 41008, 42001, 45009, 48001,
/// 50002). errcode 0, or no errcode at all, is success.
enum WeChatErrcode {
    /// The endpoint that answered: 40001 means "wrong AppSecret" at `cgi-bin/token` but "stale access token"
    /// where an access token is sent.
    enum Endpoint: String, Sendable {
        case code2Session = "sns/jscode2session"
        case getAccessToken = "cgi-bin/token"
        case getPhoneNumber = "wxa/business/getuserphonenumber"
        case snsAccessToken = "sns/oauth2/access_token"
    }

    /// 40001 `invalid credential, access_token is invalid or not latest`, 40014 `invalid access_token`,
    /// 42001 `access_token expired`: fetch a new app access token and try once more.
    static let staleAccessToken: Set<Int> = [40001, 40014, 42001]

    /// Our own credentials or server are refused; only an operator can fix these.
    static let credentialsRejected: Set<Int> = [
        40125,  // invalid appsecret
        40013,  // invalid appid
        40164,  // invalid ip, not in whitelist (cgi-bin/token IP whitelist)
        40243,  // AppSecret frozen
        41002,  // appid missing
        41004,  // appsecret missing
        50004,  // forbid get token
        50007,  // account freezed
        89501, 89503,  // this IP is waiting for / needs the administrator's confirmation
        89506, 89507,  // this IP was refused by the administrator (24 h / 1 h)
    ]

    /// The error for a non-zero `errcode` from `endpoint`.
    static func error(for errcode: Int, at endpoint: Endpoint) -> WeChatError {
        switch errcode {
        case -1: return .unavailable(.busy)
        // 40029 invalid code (wrong, expired after 5 min, or another app's), 40163 code been used,
        // 41008 missing code.
        case 40029, 40163, 41008: return .invalidCode(errcode: errcode)
        // 40226: 高风险等级用户，小程序登录拦截; 50002: user limited.
        case 40226, 50002: return .userBlocked(errcode: errcode)
        // 45011: api minute-quota reach limit; 45009: reach max api daily quota limit.
        case 45009, 45011: return .unavailable(.rateLimited(errcode: errcode))
        case _ where staleAccessToken.contains(errcode):
            // Where no access token is sent, 40001 is "AppSecret wrong" (getAccessToken's own table).
            return endpoint == .getPhoneNumber
                ? .accessTokenRejected(errcode: errcode) : .credentialsRejected(errcode: errcode)
        case _ where credentialsRejected.contains(errcode): return .credentialsRejected(errcode: errcode)
        default: return .unexpected(errcode: errcode)
        }
    }
}
