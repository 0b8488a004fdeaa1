/// How the body of a request is delimited (RFC 9112 §6.3).
enum BodyFraming: Equatable {
    /// RFC 9112 §6.3 rule 6: neither Content-Length nor Transfer-Encoding → no body.
    case none
    /// RFC 9112 §6.3 rule 5: exactly this many bytes.
    case length(Int)
    /// RFC 9112 §7.1: chunked transfer coding.
    case chunked
}

/// What the client asked with `Expect` (RFC 9110 §10.1.1).
enum Expectation: Equatable {
    case none
    case continue100
    /// Anything other than `100-continue` → 417.
    case unsupported
}

/// A parsed request line and header section, before the body.
struct RequestHead {
    var method: HTTPMethod
    var version: HTTPVersion
    var target: String
    var path: String
    var query: String?
    var headers: HTTPHeaders
    var keepAlive: Bool
    var expectation: Expectation
    var framing: BodyFraming
}

/// The request-target forms of RFC 9112 §3.2.
enum RequestTarget {
    /// Splits a validated target into path and query.
    ///
    /// RFC 9112 §3.2.1 origin-form (`/path?query`) is the norm; §3.2.2 absolute-form (`http://host/path`) is
    /// accepted for its path only; §3.2.4 asterisk-form only for OPTIONS; authority-form (CONNECT) is refused.
    static func split(_ target: ArraySlice<UInt8>, method: HTTPMethod) throws(HTTPParseError) -> (String, String?) {
        guard let first = target.first else { throw .malformed("empty request target") }
        if target.count == 1 && first == UInt8(ascii: "*") {
            guard method == .OPTIONS else { throw .malformed("asterisk-form target is only for OPTIONS") }
            return ("*", nil)
        }
        var pathStart = target.startIndex
        if first != UInt8(ascii: "/") {
            pathStart = try absoluteFormPathStart(target)
        }
        let queryMark = target[pathStart...].firstIndex(of: UInt8(ascii: "?"))
        let pathBytes = target[pathStart..<(queryMark ?? target.endIndex)]
        try rejectDotSegments(pathBytes)
        let path = pathBytes.isEmpty ? "/" : String(decoding: pathBytes, as: UTF8.self)
        let query = queryMark.map { String(decoding: target[($0 + 1)...], as: UTF8.self) }
        return (path, query)
    }

    private static func absoluteFormPathStart(_ target: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        let lowered = target.prefix(8).map(ByteClass.lowercased)
        let schemeLength: Int
        if lowered.starts(with: "http://".utf8) {
            schemeLength = 7
        } else if lowered.starts(with: "https://".utf8) {
            schemeLength = 8
        } else {
            throw .malformed("request target must be origin-form")
        }
        let authorityStart = target.startIndex + schemeLength
        let end =
            target[authorityStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
            ?? target.endIndex
        guard end > authorityStart else { throw .malformed("absolute-form target without authority") }
        // RFC 9110 §4.2.4: userinfo in an http(s) URI is deprecated and a confusion vector: refuse it.
        guard !target[authorityStart..<end].contains(UInt8(ascii: "@")) else {
            throw .malformed("userinfo in request target")
        }
        return end
    }

    /// RFC 3986 §5.2.4: dot segments are refused rather than resolved, so that a gateway normalising them and this
    /// server can never disagree on which route a request reaches.
    private static func rejectDotSegments(_ path: ArraySlice<UInt8>) throws(HTTPParseError) {
        for segment in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            guard segment.count <= 6 else { continue }
            let lowered = String(decoding: segment.map(ByteClass.lowercased), as: UTF8.self)
            switch lowered {
            case ".", "..", "%2e", "%2e%2e", ".%2e", "%2e.":
                throw .malformed("dot segment in path")
            default:
                continue
            }
        }
    }
}
