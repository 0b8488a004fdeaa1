import OmniCrypto

extension MemberID {
    /// RFC 4648 §6 base32 alphabet, lowercased: the 26 characters after `m_`.
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// A fresh member id: 130 bits from `RAND_bytes` as 26 base32 characters (5 bits each) behind `m_`.
    public static func generate() throws -> MemberID {
        let bytes = try SecureRandom.bytes(count: 17)
        var accumulator: UInt32 = 0
        var bits = 0
        var characters: [UInt8] = []
        characters.reserveCapacity(26)
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bits += 8
            while bits >= 5, characters.count < 26 {
                bits -= 5
                characters.append(alphabet[Int((accumulator >> UInt32(bits)) & 31)])
            }
            accumulator &= (1 << UInt32(bits)) - 1
        }
        return MemberID(rawValue: "m_" + String(decoding: characters, as: UTF8.self))
    }
}
