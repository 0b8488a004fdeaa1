/// A sign-in request from a channel without a browser (mini-program, app WeChat login), validated
/// (BRIEF: Channel sign-in).
///
/// There is no redirect: the code goes back in the JSON answer, so PKCE is what binds it to the app
/// that asked (RFC 7636 §1; RFC 9700 §2.1.1: S256, never `plain`), required for every client here.
public struct ChannelAuthorizationRequest: Sendable, Equatable {
    public let client: Client
    /// The WeChat app the client is registered with (`wechat_appid`).
    public let appID: String
    /// The WeChat code: `js_code` of `wx.login()`, or the WeChat SDK's code.
    public let wechatCode: String
    /// The `getPhoneNumber` button's code (mini-program only).
    public let phoneCode: String?
    public let codeChallenge: String
    public let scope: ScopeSet

    /// Checks the request for `channel`; every refusal is a precise OAuth error.
    ///
    /// - `client`: nil when `client_id` is unknown → `invalid_client` (RFC 6749 §5.2).
    public static func validate(
        client: Client?,
        channel: Client.Channel,
        wechatCode: String?,
        codeName: String,
        phoneCode: String?,
        codeChallenge: String?,
        codeChallengeMethod: String?,
        scope: String?
    ) throws(OAuthError) -> ChannelAuthorizationRequest {
        guard let client else { throw .invalidClient("unknown client_id") }
        guard client.channel == channel else {
            throw .unauthorizedClient("client \(client.id) is not a \(channel.rawValue) client")
        }
        // RFC 6749 §5.2 unauthorized_client: the code is redeemed with the authorization_code grant.
        guard client.allows(grantType: GrantType.authorizationCode) else {
            throw .unauthorizedClient("client \(client.id) may not use the authorization_code grant")
        }
        guard let appID = client.wechatAppID else {
            throw .unauthorizedClient("client \(client.id) has no wechat_appid")
        }
        let code = try wellFormedCode(wechatCode, name: codeName)
        let phone = try phoneCode.map { (code) throws(OAuthError) in try wellFormedCode(code, name: "phone_code") }
        guard let codeChallenge, !codeChallenge.isEmpty else {
            throw .invalidRequest("code_challenge is required (PKCE, RFC 7636)")
        }
        // RFC 7636 §4.3 and RFC 9700 §2.1.1: S256 only.
        guard codeChallengeMethod == "S256" else {
            throw .invalidRequest("code_challenge_method must be S256")
        }
        // RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters without padding.
        guard codeChallenge.utf8.count == 43, codeChallenge.utf8.allSatisfy(isBase64URL) else {
            throw .invalidRequest("code_challenge must be 43 base64url characters (S256)")
        }
        guard let scope, !scope.isEmpty else { throw .invalidRequest("scope is required") }
        let scopes = try ScopeSet.parse(scope)
        // RFC 6749 §3.3: a client gets at most the scopes it is registered for.
        guard scopes.isSubset(of: client.scopes) else {
            throw .invalidScope("scope exceeds what client \(client.id) may ask for")
        }
        return ChannelAuthorizationRequest(
            client: client,
            appID: appID,
            wechatCode: code,
            phoneCode: phone,
            codeChallenge: codeChallenge,
            scope: scopes
        )
    }

    /// WeChat codes are short printable ASCII; anything else is refused before calling WeChat.
    private static func wellFormedCode(_ code: String?, name: String) throws(OAuthError) -> String {
        guard let code, !code.isEmpty else { throw .invalidRequest("\(name) is required") }
        guard code.utf8.count <= 256, code.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalidRequest("\(name) is malformed")
        }
        return code
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
