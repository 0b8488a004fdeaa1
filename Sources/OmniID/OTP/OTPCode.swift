import OmniCrypto

/// Six-digit one-time codes (BRIEF: Channel sign-in).
public enum OTPCode {
    public static let digits = 6
    private static let space: UInt32 = 1_000_000

    /// A code uniform over 000000...999999 from `RAND_bytes`: 32-bit draws at or above the largest
    /// multiple of 10^6 are rejected, so `draw % 10^6` has no modulo bias.
    public static func generate() throws -> String {
        let limit = UInt32.max - (UInt32.max % space)
        while true {
            let bytes = try SecureRandom.bytes(count: 4)
            let draw = bytes.reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
            guard draw < limit else { continue }
            let text = String(draw % space)
            return String(repeating: "0", count: digits - text.count) + text
        }
    }

    /// True for exactly six ASCII digits.
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == digits && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }
}
