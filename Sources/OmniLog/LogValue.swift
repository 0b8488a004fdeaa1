/// A field value in a structured log line.
///
/// There is deliberately no case for arbitrary objects: every value is chosen by the caller,
/// which keeps tokens, codes and secrets out of the log unless someone writes them in on purpose.
public enum LogValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
}

extension LogValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension LogValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension LogValue {
    /// Appends this value as JSON.
    func write(into out: inout String) {
        switch self {
        case .string(let text): JSONText.appendQuoted(text, to: &out)
        case .int(let number): out += String(number)
        case .bool(let flag): out += flag ? "true" : "false"
        case .double(let number):
            // JSON has no NaN or infinity.
            if number.isFinite { out += String(number) } else { out += "null" }
        }
    }
}
