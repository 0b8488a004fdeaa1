/// Shapes personal data so that it can appear in logs and API answers.
public enum Redact {
    /// Masks the middle of an E.164 phone number: `+8613800000000` → `+86138****0000`.
    ///
    /// Keeps `+86` (or `+` and one digit elsewhere) plus three digits, and the last four; shorter
    /// numbers keep only their last two digits. The full number never reaches a log line
    /// (BRIEF: Operations).
    public static func phone(_ e164: String) -> String {
        let chars = Array(e164)
        guard chars.first == "+", chars.count > 2 else { return "****" }
        let prefixLength = e164.hasPrefix("+86") ? 3 : 2
        let keepHead = prefixLength + 3
        if chars.count >= keepHead + 4 + 2 {
            return String(chars[0..<keepHead]) + "****" + String(chars[(chars.count - 4)...])
        }
        return "+****" + String(chars[(chars.count - 2)...])
    }
}
