public import FoundationEssentials

extension HTTPResponse {
    /// A JSON response (`application/json`) encoding `value`.
    public static func json(
        _ value: some Encodable,
        status: HTTPStatus = .ok,
        encoder: JSONEncoder = HTTPResponse.defaultJSONEncoder
    ) throws -> HTTPResponse {
        let data = try encoder.encode(value)
        return HTTPResponse(
            status: status,
            headers: ["Content-Type": "application/json"],
            body: [UInt8](data)
        )
    }

    /// A JSON response from bytes already encoded.
    public static func json(bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: bytes)
    }

    /// Sorted keys, no escaped slashes: stable bodies for tests and caches.
    public static var defaultJSONEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// An HTML page (`text/html; charset=utf-8`).
    public static func html(_ html: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(html.utf8))
    }

    /// Plain text (`text/plain; charset=utf-8`).
    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// 204 No Content.
    public static var noContent: HTTPResponse { HTTPResponse(status: .noContent) }

    /// A redirect (302 by default; 303 after a POST) to `location`.
    ///
    /// Characters that may not appear in a URI reference (RFC 3986 §2: space, controls, non-ASCII, `"<>\^`{|}`)
    /// are percent-encoded, and a `%` not starting a valid escape becomes `%25`, so CR/LF can never reach the
    /// header and the client follows exactly the URI meant.
    public static func redirect(to location: String, status: HTTPStatus = .found) -> HTTPResponse {
        var response = HTTPResponse(status: status)
        response.headers.appendValidated(name: "Location", value: escapeLocation(location))
        return response
    }

    /// Adds `Cache-Control: no-store` (and `Pragma: no-cache` for HTTP/1.0 caches), as RFC 6749 §5.1 requires
    /// for token responses.
    public func noStore() -> HTTPResponse {
        var copy = self
        copy.headers.remove("Cache-Control")
        copy.headers.remove("Pragma")
        copy.headers.appendValidated(name: "Cache-Control", value: "no-store")
        copy.headers.appendValidated(name: "Pragma", value: "no-cache")
        return copy
    }

    /// Appends a `Set-Cookie` header, validated (RFC 6265 §4.1).
    public mutating func setCookie(_ cookie: SetCookie) throws(SetCookieError) {
        headers.appendValidated(name: "Set-Cookie", value: try cookie.headerValue())
    }

    static func escapeLocation(_ location: String) -> String {
        let bytes = Array(location.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let hex = Array("0123456789ABCDEF".utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let validEscape =
                byte == UInt8(ascii: "%") && index + 2 < bytes.count && ByteClass.hexValue(bytes[index + 1]) != nil
                && ByteClass.hexValue(bytes[index + 2]) != nil
            if (isURIChar(byte) && byte != UInt8(ascii: "%")) || validEscape {
                out.append(byte)
            } else {
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3986 §2.2-2.3: unreserved / reserved / "%".
    private static func isURIChar(_ byte: UInt8) -> Bool {
        if PercentEncoding.isUnreserved(byte) { return true }
        switch byte {
        case UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }
}
