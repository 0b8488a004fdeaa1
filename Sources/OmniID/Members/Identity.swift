/// Something that proves a person: a verified phone number or a WeChat account (BRIEF: Members and identities).
public struct Identity: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case phone
        case wechatUnionID = "wechat_unionid"
        case wechatOpenID = "wechat_openid"

        /// When proven identities belong to different members, the sign-in goes to the member of the
        /// strongest one: phone, then unionid, then openid (BRIEF: Members and identities).
        public var strength: Int {
            switch self {
            case .phone: 3
            case .wechatUnionID: 2
            case .wechatOpenID: 1
            }
        }
    }

    public let kind: Kind
    /// E.164 phone number, unionid or openid.
    public let value: String
    /// The WeChat appid an openid belongs to; empty for the others.
    public let appID: String

    public init(kind: Kind, value: String, appID: String = "") {
        self.kind = kind
        self.value = value
        self.appID = appID
    }

    public static func phone(_ e164: String) -> Identity { Identity(kind: .phone, value: e164) }
}
