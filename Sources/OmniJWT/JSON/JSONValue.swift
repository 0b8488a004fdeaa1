/// A parsed JSON value (RFC 8259), as read from a JOSE header or a JWT claims set.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text, validated against the RFC 8259 §6 grammar; converted on demand so
    /// integers stay exact.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order; names are unique (duplicates are rejected while parsing).
    case object([(String, JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
