import OmniHTTP
import OmniID

/// `GET|POST /userinfo` (OpenID Connect Core §5.3) with the access token as `Authorization:
/// Bearer` (RFC 6750 §2.1). `sub` always; `phone_number` and `phone_number_verified` with the
/// `phone` scope (§5.4). Errors: 401 `invalid_token` with `WWW-Authenticate: Bearer
/// error="invalid_token"`, or without an error code when no token was sent (RFC 6750 §3.1); 403
/// `insufficient_scope` for a token without `openid`.
enum UserInfoRoute {
    struct UserInfo: Encodable {
        let sub: String
        let phoneNumber: String?
        let phoneNumberVerified: Bool?

        enum CodingKeys: String, CodingKey {
            case sub
            case phoneNumber = "phone_number"
            case phoneNumberVerified = "phone_number_verified"
        }
    }

    static func register(_ router: inout Router, context: ServerContext) {
        let bearer = BearerAuthenticator(context: context)
        let handler: HTTPHandler = { request in
            guard BearerAuthenticator.token(in: request) != nil else {
                var response = OAuthErrorResponse.make(OAuthError.invalidToken("a Bearer access token is required"))
                try response.headers.set("WWW-Authenticate", "Bearer realm=\"omniid\"")
                return response
            }
            let token: VerifiedAccessToken
            do {
                token = try await bearer.authenticate(request)
            } catch let error as OAuthError {
                return OAuthErrorResponse.make(error, authenticateScheme: "Bearer")
            }
            guard let member = token.memberID, token.scope.contains("openid") else {
                var response = OAuthErrorResponse.make(
                    OAuthError(.insufficientScope, "userinfo needs an access token with the openid scope")
                )
                try response.headers.set("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"openid\"")
                return response
            }
            let phone =
                token.scope.contains("phone")
                ? try await context.database.read { db in try MemberClaimsLookup.phoneNumber(db, memberID: member) }
                : nil
            let info = UserInfo(sub: member.rawValue, phoneNumber: phone, phoneNumberVerified: phone.map { _ in true })
            return try HTTPResponse.json(info).noStore()
        }
        router.get("/userinfo", handler)
        router.post("/userinfo", handler)
    }
}
