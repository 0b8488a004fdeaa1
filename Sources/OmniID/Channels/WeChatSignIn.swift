public import FoundationEssentials
public import OmniStore

/// Sign-in through WeChat without a browser: the mini-program (`wx.login()` → `jscode2session`, and
/// optionally `getPhoneNumber`) and the native app's WeChat login (`sns/oauth2/access_token`).
///
/// WeChat is asked first; only when every answer is in does one write transaction sign the member in
/// (BRIEF linking rules, ``MemberDirectory``) and issue the authorization code. So a WeChat failure writes
/// nothing: no member, no identity, no code.
public struct WeChatSignIn: Sendable {
    public let wechat: any WeChatAPI
    public let database: any DatabaseWriter
    public let codes: AuthorizationCodeStore

    public init(wechat: any WeChatAPI, database: any DatabaseWriter, codes: AuthorizationCodeStore) {
        self.wechat = wechat
        self.database = database
        self.codes = codes
    }

    /// The code the client redeems at the token endpoint, and what the sign-in did.
    public struct Result: Sendable {
        public let code: String
        public let expiresIn: Int
        public let outcome: SignInOutcome
    }

    /// Which WeChat call failed, so that the answer can say which code was bad.
    public struct Failure: Error, Sendable, Equatable {
        public enum Step: String, Sendable { case login, phoneNumber }
        public let step: Step
        public let error: WeChatError
    }

    /// Mini-program: `js_code` proves the openid (and unionid); `phone_code`, if given, the phone.
    public func miniProgram(_ request: ChannelAuthorizationRequest, now: Date) async throws -> Result {
        let account: WeChatAccount
        do {
            account = try await wechat.session(jsCode: request.wechatCode, app: request.appID)
        } catch {
            throw Failure(step: .login, error: error)
        }
        var identities = account.identities
        if let phoneCode = request.phoneCode {
            do {
                identities.append(try await wechat.phoneNumber(code: phoneCode, app: request.appID).identity)
            } catch {
                throw Failure(step: .phoneNumber, error: error)
            }
        }
        return try await signIn(proving: identities, request: request, now: now)
    }

    /// Native app: the WeChat SDK's code proves the openid of the app and the unionid.
    public func app(_ request: ChannelAuthorizationRequest, now: Date) async throws -> Result {
        let account: WeChatAccount
        do {
            account = try await wechat.oauthAccessToken(code: request.wechatCode, app: request.appID)
        } catch {
            throw Failure(step: .login, error: error)
        }
        return try await signIn(proving: account.identities, request: request, now: now)
    }

    /// One transaction: linking rules, then the code (RFC 6749 §4.1.2, no redirect_uri; amr `["wechat"]`).
    private func signIn(
        proving identities: [Identity],
        request: ChannelAuthorizationRequest,
        now: Date
    ) async throws -> Result {
        let codes = self.codes
        let database = self.database
        return try await MemberDirectory.retryingOnUniqueViolation {
            try await database.write { db in
                let outcome = try MemberDirectory.signIn(proving: identities, now: now, in: db)
                let grant = AuthorizationGrant(
                    clientID: request.client.id,
                    redirectURI: nil,
                    codeChallenge: request.codeChallenge,
                    nonce: nil,
                    scope: request.scope,
                    memberID: outcome.memberID,
                    sessionIDHash: nil,
                    amr: [.wechat],
                    authTime: now
                )
                let code = try codes.issueCode(for: grant, now: now, in: db)
                return Result(code: code, expiresIn: Int(codes.lifetime), outcome: outcome)
            }
        }
    }
}
