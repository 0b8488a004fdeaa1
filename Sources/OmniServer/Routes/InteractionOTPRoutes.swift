import FoundationEssentials
import OmniHTTP
import OmniID
import OmniLog

/// `POST /interaction/{uid}/otp/send` `{"phone"}` → 204 and
/// `POST /interaction/{uid}/otp/verify` `{"phone","code"}` → 200 `{"redirect_to"}` (BRIEF: Channel sign-in).
enum InteractionOTPRoutes {
    struct SendBody: Decodable { let phone: String }
    struct VerifyBody: Decodable {
        let phone: String
        let code: String
    }
    struct Verified: Encodable { let redirect_to: String }

    /// What the verification transaction decided; errors that must still commit (a wrong attempt
    /// counts) are returned, not thrown.
    enum Outcome: Sendable {
        case expired
        case wrong(attemptsLeft: Int)
        case signedIn(redirectTo: String, cookie: String, signIn: SignInOutcome)
    }

    static func register(_ router: inout Router, context: ServerContext, services: InteractionServices) {
        let logger = context.logger.named("sign-in")
        router.post("/interaction/:uid/otp/send") { request in
            let body = try request.interactionBody(SendBody.self)
            let now = context.now()
            let interaction = try await services.interactions.find(uid: request.pathParameters["uid"] ?? "")
            try interaction.checkUsable(now: now)
            let phone = try PhoneNumber.normalize(body.phone)
            let ip = request.remoteAddress?.host ?? "unknown"
            let code = try await services.otp.issue(purpose: interaction.otpPurpose, phone: phone, ip: ip, now: now)
            do {
                try await services.sms.send(
                    .signInCode(code, to: phone, validMinutes: Int(services.otp.policy.lifetime / 60), at: now)
                )
            } catch {
                logger.error(
                    "sign-in code not sent",
                    [("phone", .string(Redact.phone(phone))), ("error", .string("\(type(of: error))"))]
                )
                throw OAuthError(.temporarilyUnavailable, "the code could not be sent; try again shortly")
            }
            logger.info("sign-in code sent", [("phone", .string(Redact.phone(phone)))])
            return HTTPResponse.noContent.noStore()
        }
        router.post("/interaction/:uid/otp/verify") { request in
            try await verify(request, context: context, services: services, logger: logger)
        }
    }

    static func verify(
        _ request: HTTPRequest,
        context: ServerContext,
        services: InteractionServices,
        logger: Logger
    ) async throws -> HTTPResponse {
        let body = try request.interactionBody(VerifyBody.self)
        let uid = request.pathParameters["uid"] ?? ""
        let now = context.now()
        // Before the phone is looked at: a dead interaction says so whatever the body holds.
        try await services.interactions.find(uid: uid).checkUsable(now: now)
        let phone = try PhoneNumber.normalize(body.phone)
        let issuer = context.configuration.issuer
        let outcome = try await MemberDirectory.retryingOnUniqueViolation {
            try await context.database.write { db -> Outcome in
                let interaction = try InteractionStore.find(uid: uid, in: db)
                try interaction.checkUsable(now: now)
                switch try services.otp.check(
                    purpose: interaction.otpPurpose,
                    phone: phone,
                    code: body.code,
                    now: now,
                    in: db
                ) {
                case .expired: return .expired
                case .wrong(let left): return .wrong(attemptsLeft: left)
                case .accepted: break
                }
                let signIn = try MemberDirectory.signIn(proving: [.phone(phone)], now: now, in: db)
                let opened = try services.sessions.create(
                    member: signIn.memberID,
                    amr: AuthenticationMethod.phoneOTP,
                    authTime: now,
                    now: now,
                    in: db
                )
                try InteractionStore.complete(uid: uid, now: now, in: db)
                var grant = AuthorizeRoute.grant(for: interaction.request, session: opened.session)
                grant.amr = AuthenticationMethod.phoneOTP
                let code = try services.codes.issueCode(for: grant, now: now, in: db)
                let redirectTo = AuthorizationResponse.success(
                    redirectURI: interaction.request.redirectURI,
                    code: code,
                    state: interaction.request.state,
                    issuer: issuer
                )
                return .signedIn(redirectTo: redirectTo, cookie: opened.cookieValue, signIn: signIn)
            }
        }
        switch outcome {
        case .expired:
            throw OAuthError(.otpExpired, "this code is no longer valid; ask for a new one")
        case .wrong(let left):
            logger.info("wrong sign-in code", [("phone", .string(Redact.phone(phone))), ("attempts_left", .int(left))])
            throw OAuthError(.invalidOTP, "the code is not correct", extra: ["attempts_left": left])
        case .signedIn(let redirectTo, let cookie, let signIn):
            context.metrics.recordSignIn(method: "phone_otp")
            logger.info(
                "member signed in",
                [
                    ("member", .string(signIn.memberID.rawValue)), ("phone", .string(Redact.phone(phone))),
                    ("created", .bool(signIn.created)), ("method", .string("phone_otp")),
                ]
            )
            if !signIn.conflictingMembers.isEmpty {
                logger.warning(
                    "merge candidate recorded",
                    [("member", .string(signIn.memberID.rawValue)), ("others", .int(signIn.conflictingMembers.count))]
                )
            }
            var response = try HTTPResponse.json(Verified(redirect_to: redirectTo)).noStore()
            try response.setCookie(SessionCookie.make(value: cookie, configuration: context.configuration))
            return response
        }
    }
}
