public import FoundationEssentials

/// RFC 7519 §2 NumericDate: "A JSON numeric value representing the number of seconds from
/// 1970-01-01T00:00:00Z UTC until the specified UTC date/time, ignoring leap seconds."
/// Non-integer values are accepted on input; output is always whole seconds.
public protocol NumericDateClaim: Codable, Sendable, Equatable {
    /// The instant the claim names.
    var value: Date { get }
    /// Wraps an instant.
    init(value: Date)
}

extension NumericDateClaim {
    /// Decodes a JSON number; strings and other types are refused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let date = numericDate(try container.decode(Double.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "NumericDate out of range")
        }
        self.init(value: date)
    }

    /// Encodes whole seconds, rounding down: RFC 7519 allows fractions, but common validators
    /// (joserfc, for one) compare `iat` with an integer clock and call a fractional `iat` "issued
    /// in the future". Rounding down only ever makes a token expire earlier.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        let seconds = value.timeIntervalSince1970.rounded(.down)
        guard abs(seconds) < 9e15 else {
            throw EncodingError.invalidValue(
                value,
                .init(codingPath: encoder.codingPath, debugDescription: "out of range")
            )
        }
        try container.encode(Int64(seconds))
    }
}

/// A claim holding one case-sensitive string (RFC 7519 §2 StringOrURI).
public protocol StringClaim: Codable, Sendable, Equatable, ExpressibleByStringLiteral {
    /// The string.
    var value: String { get }
    /// Wraps a string.
    init(value: String)
}

extension StringClaim {
    /// Wraps a string literal.
    public init(stringLiteral value: String) {
        self.init(value: value)
    }

    /// Decodes a JSON string.
    public init(from decoder: any Decoder) throws {
        self.init(value: try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// A NumericDate as a `Date`, or `nil` if it is not finite or lies beyond year 9999.
func numericDate(_ seconds: Double) -> Date? {
    guard seconds.isFinite, abs(seconds) < 253_402_300_800 else { return nil }
    return Date(timeIntervalSince1970: seconds)
}
