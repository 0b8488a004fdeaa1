/// Percent-decoding and -encoding (RFC 3986 §2.1) for paths, queries and form bodies.
public enum PercentEncoding {
    /// Decodes `%XX` escapes (and, for forms, `+` as space) and validates the result as UTF-8.
    ///
    /// An invalid escape (`%G1`, a trailing `%`) or bytes that are not UTF-8 throw: silently replacing them would
    /// let two different byte strings compare equal (RFC 3986 §2.1, WHATWG URL §5.1).
    public static func decode(_ text: Substring, plusAsSpace: Bool) throws(FormDecodingError) -> String {
        let utf8 = text.utf8
        // Fast path: nothing to decode.
        if !utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let high = utf8.index(after: index)
                guard high != utf8.endIndex, let highValue = ByteClass.hexValue(utf8[high]) else {
                    throw .invalidPercentEscape
                }
                let low = utf8.index(after: high)
                guard low != utf8.endIndex, let lowValue = ByteClass.hexValue(utf8[low]) else {
                    throw .invalidPercentEscape
                }
                bytes.append(highValue << 4 | lowValue)
                index = utf8.index(after: low)
            } else {
                bytes.append(plusAsSpace && byte == UInt8(ascii: "+") ? ByteClass.space : byte)
                index = utf8.index(after: index)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
        return decoded
    }

    /// RFC 3986 §2.3: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~".
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Encodes every byte but `keep` ones as `%XX` (uppercase hex, RFC 3986 §2.1).
    static func encode(_ text: String, spaceAsPlus: Bool, keep: (UInt8) -> Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if keep(byte) {
                out.append(byte)
            } else if spaceAsPlus && byte == ByteClass.space {
                out.append(UInt8(ascii: "+"))
            } else {
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// application/x-www-form-urlencoded serialisation of one name or value (WHATWG URL §5.2, RFC 6749 App. B).
    public static func formEncode(_ text: String) -> String {
        encode(text, spaceAsPlus: true, keep: isUnreserved)
    }
}

/// A query string or form body that cannot be decoded → 400.
public enum FormDecodingError: Error, Sendable, Equatable, HTTPStatusError {
    /// `%` not followed by two hex digits.
    case invalidPercentEscape
    /// The decoded bytes are not UTF-8.
    case invalidUTF8
    /// A parameter that must appear at most once appeared again (RFC 6749 §3.1).
    case duplicateParameter(String)

    /// 400 Bad Request.
    public var status: HTTPStatus { .badRequest }

    /// A message safe to show the client.
    public var publicMessage: String {
        switch self {
        case .invalidPercentEscape: return "invalid percent-encoding"
        case .invalidUTF8: return "parameters are not valid UTF-8"
        case .duplicateParameter(let name): return "parameter '\(name)' is repeated"
        }
    }
}
