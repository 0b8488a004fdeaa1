/// Phone numbers as the sign-in flows accept them, normalised to E.164 (ITU-T E.164: `+`, country code,
/// subscriber number, at most 15 digits).
public enum PhoneNumber {
    /// Normalises user input: spaces, dashes, dots and parentheses are dropped; `00` becomes `+`; an
    /// 11-digit mainland mobile number (`1[3-9]` + 9 digits) gets `+86`. A `+86` number must be a
    /// mainland mobile number, because OTPs go out by SMS.
    public static func normalize(_ input: String) throws(OAuthError) -> String {
        guard input.utf8.count <= 32 else { throw invalid }
        var text = input.filter { !" -.()\u{00A0}".contains($0) }
        if text.hasPrefix("00") { text = "+" + text.dropFirst(2) }
        let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { throw invalid }
        let e164: String
        if text.hasPrefix("+") {
            e164 = text
        } else if isMainlandMobile(digits) {
            e164 = "+86" + digits
        } else if digits.hasPrefix("86"), isMainlandMobile(digits.dropFirst(2)) {
            e164 = "+" + digits
        } else {
            throw invalid
        }
        let count = e164.utf8.count - 1
        // E.164 §6: at most 15 digits; country codes never start with 0.
        guard (8...15).contains(count), !e164.hasPrefix("+0") else { throw invalid }
        if e164.hasPrefix("+86") && !isMainlandMobile(e164.dropFirst(3)) { throw invalid }
        return e164
    }

    private static var invalid: OAuthError {
        OAuthError(.invalidPhone, "phone must be a mobile number, e.g. 13800000000 or +8613800000000")
    }

    private static func isMainlandMobile(_ digits: Substring) -> Bool {
        let bytes = Array(digits.utf8)
        return bytes.count == 11 && bytes[0] == UInt8(ascii: "1")
            && (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(bytes[1])
    }
}
