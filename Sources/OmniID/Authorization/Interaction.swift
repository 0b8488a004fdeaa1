public import FoundationEssentials

/// A sign-in in progress (node-oidc-provider's "interaction"): the validated authorization request,
/// waiting at `/interaction/{uid}` for the member to prove who they are.
public struct Interaction: Sendable, Equatable {
    /// 256 random bits, base64url: the `{uid}` of the sign-in page and its JSON endpoints.
    public var uid: String
    public var request: AuthorizationRequest
    public var createdAt: Date
    public var expiresAt: Date
    /// Set once a sign-in completed it: an interaction is single use.
    public var completedAt: Date?

    public init(uid: String, request: AuthorizationRequest, createdAt: Date, expiresAt: Date, completedAt: Date?) {
        self.uid = uid
        self.request = request
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.completedAt = completedAt
    }

    /// The OTP `purpose` of this interaction's codes: a code sent for one sign-in works only there.
    public var otpPurpose: String { "sign_in:" + uid }

    /// Throws `interaction_expired` when it is past its life or already used.
    public func checkUsable(now: Date) throws(OAuthError) {
        guard completedAt == nil else {
            throw OAuthError(.interactionExpired, "this sign-in was already completed; start again from the shop")
        }
        guard expiresAt > now else {
            throw OAuthError(.interactionExpired, "this sign-in has expired; start again from the shop")
        }
    }
}
