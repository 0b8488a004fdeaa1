import FoundationEssentials
import OmniHTTP
import OmniID
import OmniLog

/// The member's own account, with their access token as Bearer (BRIEF: Account):
/// `GET /account/identities`, `POST /account/identities/phone`, `POST /account/logout-all`.
enum AccountRoutes {
    struct IdentityView: Encodable {
        let type: String
        let value: String
        let appid: String?
        /// RFC 3339 UTC.
        let linked_at: String
    }

    struct IdentitiesView: Encodable {
        let member_id: String
        let identities: [IdentityView]
    }

    struct PhoneBody: Decodable {
        let phone: String?
        let code: String?
    }

    static func register(
        _ router: inout Router,
        context: ServerContext,
        account: MemberAccount,
        sms: any SMSSender
    ) {
        let bearer = BearerAuthenticator(context: context)
        let logger = context.logger.named("account")
        router.get("/account/identities") { request in
            let member = try await memberID(request, bearer)
            return try view(member, try await account.identities(of: member))
        }
        router.post("/account/identities/phone") { request in
            let member = try await memberID(request, bearer)
            let body = try request.interactionBody(PhoneBody.self)
            guard let phoneInput = body.phone else { throw OAuthError.invalidRequest("phone is required") }
            let phone = try PhoneNumber.normalize(phoneInput)
            let now = context.now()
            guard let code = body.code else {
                // Step 1: send a code to the phone (202: the binding completes with step 2).
                let otp: String
                do {
                    otp = try await account.startPhoneBinding(
                        member: member,
                        phone: phone,
                        ip: request.remoteAddress?.host ?? "unknown",
                        now: now
                    )
                } catch let error as OAuthError where error.code == .identityConflict {
                    logger.info("phone belongs to another member", [("member", .string(member.rawValue))])
                    throw error
                }
                do {
                    try await sms.send(
                        .signInCode(otp, to: phone, validMinutes: Int(account.otp.policy.lifetime / 60), at: now)
                    )
                } catch {
                    logger.error("binding code not sent", [("phone", .string(Redact.phone(phone)))])
                    throw OAuthError(.temporarilyUnavailable, "the code could not be sent; try again shortly")
                }
                return HTTPResponse(status: .accepted).noStore()
            }
            // Step 2: the code proves the phone; link it.
            switch try await account.confirmPhoneBinding(member: member, phone: phone, code: code, now: now) {
            case .linked(let identities):
                logger.info(
                    "phone linked",
                    [("member", .string(member.rawValue)), ("phone", .string(Redact.phone(phone)))]
                )
                return try view(member, identities)
            case .wrong(let attemptsLeft):
                throw OAuthError(.invalidOTP, "the code is wrong", extra: ["attempts_left": attemptsLeft])
            case .expired:
                throw OAuthError(.otpExpired, "the code has expired or was used up; ask for a new one")
            case .conflict:
                logger.info("phone belongs to another member", [("member", .string(member.rawValue))])
                throw MemberAccount.conflict
            }
        }
        router.post("/account/logout-all") { request in
            let member = try await memberID(request, bearer)
            let grants = try await account.logoutAll(member: member, now: context.now())
            logger.info("signed out everywhere", [("member", .string(member.rawValue)), ("grants", .int(grants))])
            return HTTPResponse.noContent.noStore()
        }
    }

    /// The member behind a valid access token; a service's client-credentials token has none.
    private static func memberID(_ request: HTTPRequest, _ bearer: BearerAuthenticator) async throws -> MemberID {
        let token = try await bearer.authenticate(request)
        guard let member = token.memberID else {
            throw OAuthError.invalidToken("a member's access token is required")
        }
        return member
    }

    /// Phones masked (`+86138****0000`); appid only for openids.
    private static func view(
        _ member: MemberID,
        _ identities: [MemberAccount.LinkedIdentity]
    ) throws
        -> HTTPResponse
    {
        let views = identities.map { linked in
            let identity = linked.identity
            return IdentityView(
                type: identity.kind.rawValue,
                value: identity.kind == .phone ? Redact.phone(identity.value) : identity.value,
                appid: identity.kind == .wechatOpenID ? identity.appID : nil,
                linked_at: linked.linkedAt.formatted(.iso8601)
            )
        }
        return try HTTPResponse.json(IdentitiesView(member_id: member.rawValue, identities: views)).noStore()
    }
}
