import FoundationEssentials
import OmniID

/// One WeChat answer, decoded from its body whatever its `Content-Type` (WeChat sends JSON as `text/plain`
/// from some endpoints). Only the fields we use are decoded: `session_key`, the user's `access_token` and
/// `refresh_token` are never read into memory we keep.
struct WeChatReply: Decodable {
    var errcode: Int?
    var errmsg: String?
    var openid: String?
    var unionid: String?
    var access_token: String?
    var expires_in: Int?
    var phone_info: PhoneInfo?

    /// `phone_info` of `getPhoneNumber`: `phoneNumber` (with country code for foreign numbers),
    /// `purePhoneNumber` (without), `countryCode` (documented as a string, sent as a number in the examples).
    struct PhoneInfo: Decodable {
        var purePhoneNumber: String
        var countryCode: String

        enum CodingKeys: String, CodingKey { case purePhoneNumber, countryCode }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            purePhoneNumber = try container.decode(String.self, forKey: .purePhoneNumber)
            if let number = try? container.decode(Int.self, forKey: .countryCode) {
                countryCode = String(number)
            } else {
                countryCode = try container.decode(String.self, forKey: .countryCode)
            }
        }
    }

    /// Decodes `body`; anything but a JSON object of the documented shape is `invalidResponse`.
    static func decode(_ body: [UInt8]) throws(WeChatError) -> WeChatReply {
        do {
            return try JSONDecoder().decode(WeChatReply.self, from: Data(body))
        } catch {
            throw .unavailable(.invalidResponse)
        }
    }

    /// Non-zero errcode → its error (errcode absent or 0 is success).
    func check(at endpoint: WeChatErrcode.Endpoint) throws(WeChatError) {
        if let errcode, errcode != 0 { throw WeChatErrcode.error(for: errcode, at: endpoint) }
    }

    /// A required string field, non-empty.
    func required(_ value: String?) throws(WeChatError) -> String {
        guard let value, !value.isEmpty else { throw .unavailable(.invalidResponse) }
        return value
    }

    /// The account of a `jscode2session` or `sns/oauth2/access_token` answer.
    func account(appID: String) throws(WeChatError) -> WeChatAccount {
        let unionID = unionid.flatMap { $0.isEmpty ? nil : $0 }
        return WeChatAccount(appID: appID, openID: try required(openid), unionID: unionID)
    }

    /// `+countryCode purePhoneNumber`, validated as E.164 (and as a mainland mobile number for +86).
    func phoneNumber() throws(WeChatError) -> WeChatPhoneNumber {
        guard let info = phone_info,
            info.countryCode.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let e164 = try? PhoneNumber.normalize("+" + info.countryCode + info.purePhoneNumber),
            e164 == "+" + info.countryCode + info.purePhoneNumber
        else { throw .unavailable(.invalidResponse) }
        return WeChatPhoneNumber(e164: e164)
    }
}
