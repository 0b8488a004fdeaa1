/// A request method (RFC 9110 §9): a case-sensitive token.
public struct HTTPMethod: Sendable, Hashable, CustomStringConvertible {
    /// The method token as sent (`GET`).
    public let rawValue: String

    /// A method from its token; the parser only builds methods from valid tokens.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// The method token.
    public var description: String { rawValue }

    /// RFC 9110 §9.3.1.
    public static let GET = HTTPMethod("GET")
    /// RFC 9110 §9.3.2.
    public static let HEAD = HTTPMethod("HEAD")
    /// RFC 9110 §9.3.3.
    public static let POST = HTTPMethod("POST")
    /// RFC 9110 §9.3.4.
    public static let PUT = HTTPMethod("PUT")
    /// RFC 9110 §9.3.5.
    public static let DELETE = HTTPMethod("DELETE")
    /// RFC 9110 §9.3.7.
    public static let OPTIONS = HTTPMethod("OPTIONS")
    /// RFC 5789.
    public static let PATCH = HTTPMethod("PATCH")
    /// RFC 9110 §9.3.6: tunnels are not supported by this server.
    public static let CONNECT = HTTPMethod("CONNECT")
    /// RFC 9110 §9.3.8.
    public static let TRACE = HTTPMethod("TRACE")

    /// Interns the common methods so that parsing them allocates nothing.
    static func parse(_ bytes: ArraySlice<UInt8>) -> HTTPMethod {
        if bytes.elementsEqual("GET".utf8) { return .GET }
        if bytes.elementsEqual("POST".utf8) { return .POST }
        if bytes.elementsEqual("HEAD".utf8) { return .HEAD }
        return HTTPMethod(String(decoding: bytes, as: UTF8.self))
    }
}

/// The protocol version of a request; responses are always sent as HTTP/1.1 (RFC 9110 §6.2).
public enum HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    /// HTTP/1.0: no persistent connection unless asked with `Connection: keep-alive`.
    case http1_0
    /// HTTP/1.1 (and 1.x with x > 1, RFC 9110 §6.2).
    case http1_1

    /// `HTTP/1.1`.
    public var description: String { self == .http1_0 ? "HTTP/1.0" : "HTTP/1.1" }
}
