/// `aud` (RFC 7519 §4.1.3): "The "aud" (audience) claim identifies the recipients that the JWT
/// is intended for. Each principal intended to process the JWT MUST identify itself with a
/// value in the audience claim. If the principal processing the claim does not identify itself
/// with a value in the "aud" claim when this claim is present, then the JWT MUST be rejected.
/// In the general case, the "aud" value is an array of case-sensitive strings ... In the
/// special case when the JWT has one audience, the "aud" value MAY be a single case-sensitive
/// string."
public struct AudienceClaim: Codable, Sendable, Equatable, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral
{
    /// The audiences, in token order.
    public var value: [String]

    /// Wraps audiences.
    public init(value: [String]) {
        self.value = value
    }

    /// One audience.
    public init(stringLiteral value: String) {
        self.value = [value]
    }

    /// Several audiences.
    public init(arrayLiteral elements: String...) {
        self.value = elements
    }

    /// Decodes a string or an array of strings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let single = try? container.decode(String.self) {
            value = [single]
        } else {
            value = try container.decode([String].self)
        }
    }

    /// Encodes a single audience as a string (the RFC's special case), several as an array.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if value.count == 1 {
            try container.encode(value[0])
        } else {
            try container.encode(value)
        }
    }

    /// Throws unless `audience` is one of the values (exact, case-sensitive comparison).
    public static func verify(_ claim: AudienceClaim?, includes audience: String) throws(JWTError) {
        guard let claim, claim.value.contains(audience) else {
            throw .audienceMismatch(expected: audience, actual: claim?.value ?? [])
        }
    }
}
