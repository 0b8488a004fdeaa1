import FoundationEssentials
import OmniHTTP
import OmniID
import OmniLog

/// Sign-in from channels without a browser (BRIEF: Channel sign-in):
/// `POST /channels/miniprogram/authorize` and `POST /channels/app/wechat/authorize` → `{"code","expires_in"}`,
/// redeemed at the token endpoint with the PKCE verifier.
enum ChannelRoutes {
    struct MiniProgramBody: Decodable {
        let client_id: String?
        let js_code: String?
        let phone_code: String?
        let code_challenge: String?
        let code_challenge_method: String?
        let scope: String?
    }

    struct AppBody: Decodable {
        let client_id: String?
        let wechat_code: String?
        let code_challenge: String?
        let code_challenge_method: String?
        let scope: String?
    }

    struct Issued: Encodable {
        let code: String
        let expires_in: Int
    }

    static func register(_ router: inout Router, context: ServerContext, signIn: WeChatSignIn) {
        let logger = context.logger.named("sign-in")
        let appKinds = Dictionary(
            context.configuration.wechat.apps.map { ($0.appID, $0.kind) },
            uniquingKeysWith: { first, _ in first }
        )
        router.post("/channels/miniprogram/authorize") { request in
            let body = try request.interactionBody(MiniProgramBody.self)
            let validated = try ChannelAuthorizationRequest.validate(
                client: body.client_id.flatMap { context.clients.client(id: $0) },
                channel: .miniprogram,
                wechatCode: body.js_code,
                codeName: "js_code",
                phoneCode: body.phone_code,
                codeChallenge: body.code_challenge,
                codeChallengeMethod: body.code_challenge_method,
                scope: body.scope
            )
            try requireApp(validated, kind: .miniprogram, kinds: appKinds)
            return try await issue(method: "wechat_miniprogram", validated, context: context, logger: logger) {
                try await signIn.miniProgram(validated, now: context.now())
            }
        }
        router.post("/channels/app/wechat/authorize") { request in
            let body = try request.interactionBody(AppBody.self)
            let validated = try ChannelAuthorizationRequest.validate(
                client: body.client_id.flatMap { context.clients.client(id: $0) },
                channel: .app,
                wechatCode: body.wechat_code,
                codeName: "wechat_code",
                phoneCode: nil,
                codeChallenge: body.code_challenge,
                codeChallengeMethod: body.code_challenge_method,
                scope: body.scope
            )
            try requireApp(validated, kind: .app, kinds: appKinds)
            return try await issue(method: "wechat_app", validated, context: context, logger: logger) {
                try await signIn.app(validated, now: context.now())
            }
        }
    }

    /// The client's `wechat_appid` must be a WeChat app of the matching kind (a mini-program's js_code
    /// means nothing to a mobile app's appid).
    private static func requireApp(
        _ request: ChannelAuthorizationRequest,
        kind: Configuration.WeChatApp.Kind,
        kinds: [String: Configuration.WeChatApp.Kind]
    ) throws(OAuthError) {
        guard kinds[request.appID] == kind else {
            throw .unauthorizedClient("client \(request.client.id) is not registered with a WeChat \(kind.rawValue)")
        }
    }

    private static func issue(
        method: String,
        _ request: ChannelAuthorizationRequest,
        context: ServerContext,
        logger: Logger,
        _ signIn: () async throws -> WeChatSignIn.Result
    ) async throws -> HTTPResponse {
        let result: WeChatSignIn.Result
        do {
            result = try await signIn()
        } catch let failure as WeChatSignIn.Failure {
            logger.info(
                "WeChat sign-in refused",
                [
                    ("client_id", .string(request.client.id)), ("step", .string(failure.step.rawValue)),
                    ("error", .string(failure.error.description)),
                ]
            )
            throw failure.oauthError
        }
        context.metrics.recordSignIn(method: method)
        var fields: [(String, LogValue)] = [
            ("client_id", .string(request.client.id)), ("member", .string(result.outcome.memberID.rawValue)),
            ("created", .bool(result.outcome.created)), ("linked", .int(result.outcome.linked.count)),
        ]
        if !result.outcome.conflictingMembers.isEmpty {
            fields.append(("merge_candidates", .int(result.outcome.conflictingMembers.count)))
        }
        logger.info("signed in with WeChat", fields)
        return try HTTPResponse.json(Issued(code: result.code, expires_in: result.expiresIn)).noStore()
    }
}
