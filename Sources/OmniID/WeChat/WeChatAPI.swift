/// WeChat's server API, as the channel sign-ins need it (BRIEF: Channel sign-in).
///
/// The domain sees typed answers only: no URLs, no JSON, no app secrets. The adapter (`WeChatClient` in
/// `OmniServer`) holds the secrets of the configured apps and speaks WeChat's wire format. `app` is always an
/// appid from `wechat.apps`.
///
/// Every method throws ``WeChatError``; `OmniServer` alone turns those into OAuth errors.
public protocol WeChatAPI: Sendable {
    /// `auth.code2Session` (`GET /sns/jscode2session`): the mini-program's `wx.login()` code for the user's
    /// openid and, when the UnionID conditions hold, unionid. WeChat's `session_key` stays inside the adapter.
    func session(jsCode: String, app: String) async throws(WeChatError) -> WeChatAccount

    /// `auth.getAccessToken` (`GET /cgi-bin/token`, `grant_type=client_credential`): the app's interface
    /// credential, valid `expiresIn` seconds (WeChat says "7200 秒之内"). Implementations cache it per appid.
    func appAccessToken(app: String) async throws(WeChatError) -> WeChatAccessToken

    /// `phonenumber.getPhoneNumber` (`POST /wxa/business/getuserphonenumber?access_token=`): the code from a
    /// `<button open-type="getPhoneNumber">` for the user's phone number, in E.164.
    func phoneNumber(code: String, app: String) async throws(WeChatError) -> WeChatPhoneNumber

    /// Mobile-app WeChat login (`GET /sns/oauth2/access_token`, `grant_type=authorization_code`): the code the
    /// WeChat SDK hands the app for the user's openid and unionid. WeChat's user access and refresh tokens stay
    /// inside the adapter.
    func oauthAccessToken(code: String, app: String) async throws(WeChatError) -> WeChatAccount
}

/// A WeChat user as one app sees them.
public struct WeChatAccount: Sendable, Equatable {
    /// The appid the openid belongs to.
    public let appID: String
    /// Unique per user and app.
    public let openID: String
    /// Unique per user across the apps of one WeChat open-platform account ("UnionID 机制"); absent when
    /// WeChat does not send it (the app is not bound to an open-platform account).
    public let unionID: String?

    public init(appID: String, openID: String, unionID: String?) {
        self.appID = appID
        self.openID = openID
        self.unionID = unionID
    }

    /// The identities this proves: the openid of the app and, if known, the unionid
    /// (BRIEF: Members and identities).
    public var identities: [Identity] {
        var proven = [Identity(kind: .wechatOpenID, value: openID, appID: appID)]
        if let unionID { proven.append(Identity(kind: .wechatUnionID, value: unionID)) }
        return proven
    }
}

/// An app's interface credential from `cgi-bin/token`. Its description never shows the token.
public struct WeChatAccessToken: Sendable, Equatable, CustomStringConvertible {
    public let value: String
    /// Seconds the token is valid from the moment WeChat issued it.
    public let expiresIn: Int

    public init(value: String, expiresIn: Int) {
        self.value = value
        self.expiresIn = expiresIn
    }

    public var description: String { "WeChatAccessToken(expiresIn: \(expiresIn))" }
}

/// A phone number WeChat verified for the user.
public struct WeChatPhoneNumber: Sendable, Equatable {
    /// `+` country code and `purePhoneNumber` (ITU-T E.164).
    public let e164: String

    public init(e164: String) { self.e164 = e164 }

    /// The number as an identity (BRIEF: Members and identities).
    public var identity: Identity { .phone(e164) }
}
