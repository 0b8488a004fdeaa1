/// Why a request was refused by the parser; each maps to one status, and the connection closes after it.
enum HTTPParseError: Error, Equatable, Sendable {
    /// RFC 9112 §3: request line longer than the limit → 414.
    case requestLineTooLong
    /// RFC 6585 §5: header section (or chunked trailer section) larger than the limit → 431.
    case headerSectionTooLarge
    /// RFC 6585 §5: more header lines than the limit → 431.
    case tooManyHeaderFields
    /// RFC 9110 §15.5.14: declared or received body larger than the limit → 413.
    case contentTooLarge
    /// RFC 9112 §2.3: a well-formed version whose major version is not 1 → 505.
    case versionNotSupported
    /// RFC 9112 §6.1: a transfer coding this server does not implement → 501.
    case unsupportedTransferCoding
    /// Any framing or syntax error → 400.
    case malformed(String)

    var status: HTTPStatus {
        switch self {
        case .requestLineTooLong: return .uriTooLong
        case .headerSectionTooLarge, .tooManyHeaderFields: return .requestHeaderFieldsTooLarge
        case .contentTooLarge: return .contentTooLarge
        case .versionNotSupported: return .httpVersionNotSupported
        case .unsupportedTransferCoding: return .notImplemented
        case .malformed: return .badRequest
        }
    }

    /// A short reason for the response body and logs (never echoes request bytes).
    var reason: String {
        switch self {
        case .requestLineTooLong: return "request line too long"
        case .headerSectionTooLarge: return "header section too large"
        case .tooManyHeaderFields: return "too many header fields"
        case .contentTooLarge: return "content too large"
        case .versionNotSupported: return "HTTP version not supported"
        case .unsupportedTransferCoding: return "transfer coding not implemented"
        case .malformed(let reason): return reason
        }
    }
}
