/// A member's stable, opaque identifier: the `sub` of every token issued for them.
///
/// It reveals nothing (no phone, no sequence number): 128 random bits in base32 behind a `m_` prefix.
public struct MemberID: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// True when `text` has the shape of an id we issue (used to reject junk before a lookup).
    public static func isWellFormed(_ text: String) -> Bool {
        text.hasPrefix("m_") && text.utf8.count == 28
            && text.utf8.dropFirst(2).allSatisfy { (0x61...0x7A).contains($0) || (0x32...0x37).contains($0) }
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
