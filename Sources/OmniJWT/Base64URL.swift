/// Base64url without padding (RFC 7515 §2, RFC 4648 §5), the encoding of every JWS part and
/// every JWK binary member.
///
/// Decoding is strict: RFC 7515 §2 defines base64url "with all trailing '=' characters
/// omitted ... and without the inclusion of any line breaks, whitespace, or other additional
/// characters", so padding, whitespace, the `+`/`/` alphabet, an impossible length and
/// non-zero trailing bits (RFC 4648 §3.5, which would let two strings decode to the same
/// bytes) are all rejected.
public enum Base64URL {
    /// Why a string is not canonical unpadded base64url.
    public enum DecodingError: Error, Equatable, Sendable {
        /// A character outside `A-Z a-z 0-9 - _` (including `=` padding) at this UTF-8 offset.
        case invalidCharacter(offset: Int)
        /// A length of 4k+1 characters, which no byte string encodes to.
        case invalidLength
        /// The last character carries non-zero bits beyond the encoded bytes.
        case nonCanonical
    }

    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
        return table
    }()

    /// The unpadded base64url encoding of `bytes`.
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        let outputCount = (input.count * 4 + 2) / 3
        return String(unsafeUninitializedCapacity: outputCount) { out in
            var o = 0
            var i = 0
            while i + 3 <= input.count {
                let v = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                out[o] = alphabet[Int(v >> 18 & 63)]
                out[o + 1] = alphabet[Int(v >> 12 & 63)]
                out[o + 2] = alphabet[Int(v >> 6 & 63)]
                out[o + 3] = alphabet[Int(v & 63)]
                o += 4
                i += 3
            }
            let rest = input.count - i
            if rest == 1 {
                let v = UInt32(input[i]) << 16
                out[o] = alphabet[Int(v >> 18 & 63)]
                out[o + 1] = alphabet[Int(v >> 12 & 63)]
                o += 2
            } else if rest == 2 {
                let v = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
                out[o] = alphabet[Int(v >> 18 & 63)]
                out[o + 1] = alphabet[Int(v >> 12 & 63)]
                out[o + 2] = alphabet[Int(v >> 6 & 63)]
                o += 3
            }
            return o
        }
    }

    /// The bytes `string` encodes.
    ///
    /// - Throws: ``DecodingError`` for anything but canonical unpadded base64url.
    public static func decode<S: StringProtocol>(_ string: S) throws(DecodingError) -> [UInt8] {
        let utf8 = string.utf8
        if let result = utf8.withContiguousStorageIfAvailable({ decode(bytes: $0) }) {
            return try result.get()
        }
        return try Array(utf8).withUnsafeBufferPointer { decode(bytes: $0) }.get()
    }

    static func decode(bytes input: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], DecodingError> {
        let count = input.count
        if count % 4 == 1 { return .failure(.invalidLength) }
        var out = [UInt8]()
        out.reserveCapacity(count * 3 / 4)
        return decodeTable.withUnsafeBufferPointer { table -> Result<[UInt8], DecodingError> in
            var i = 0
            while i + 4 <= count {
                let a = table[Int(input[i])]
                let b = table[Int(input[i + 1])]
                let c = table[Int(input[i + 2])]
                let d = table[Int(input[i + 3])]
                if (a | b | c | d) & 0xC0 != 0 {
                    for k in 0..<4 where table[Int(input[i + k])] == 0xFF {
                        return .failure(.invalidCharacter(offset: i + k))
                    }
                }
                let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                out.append(UInt8(truncatingIfNeeded: v >> 16))
                out.append(UInt8(truncatingIfNeeded: v >> 8))
                out.append(UInt8(truncatingIfNeeded: v))
                i += 4
            }
            let rest = count - i
            guard rest > 0 else { return .success(out) }
            var values: [UInt8] = []
            for offset in 0..<rest {
                let value = table[Int(input[i + offset])]
                if value == 0xFF { return .failure(.invalidCharacter(offset: i + offset)) }
                values.append(value)
            }
            let v = UInt32(values[0]) << 18 | UInt32(values[1]) << 12 | (rest == 3 ? UInt32(values[2]) << 6 : 0)
            // RFC 4648 §3.5: the unused low bits of the last character must be zero.
            if rest == 2 && values[1] & 0x0F != 0 { return .failure(.nonCanonical) }
            if rest == 3 && values[2] & 0x03 != 0 { return .failure(.nonCanonical) }
            out.append(UInt8(truncatingIfNeeded: v >> 16))
            if rest == 3 { out.append(UInt8(truncatingIfNeeded: v >> 8)) }
            return .success(out)
        }
    }
}
