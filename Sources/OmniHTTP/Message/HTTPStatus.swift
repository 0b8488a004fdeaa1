/// A response status code and its reason phrase (RFC 9110 §15).
public struct HTTPStatus: Sendable, Hashable, CustomStringConvertible {
    /// The three-digit code.
    public let code: Int
    /// The reason phrase sent on the status line.
    public let reasonPhrase: String

    /// A status; codes outside 100...599 are clamped to 500 when written.
    public init(code: Int, reasonPhrase: String) {
        self.code = code
        self.reasonPhrase = reasonPhrase
    }

    /// `404 Not Found`.
    public var description: String { "\(code) \(reasonPhrase)" }

    /// RFC 9110 §15.2.1.
    public static let `continue` = HTTPStatus(code: 100, reasonPhrase: "Continue")
    /// RFC 9110 §15.3.1.
    public static let ok = HTTPStatus(code: 200, reasonPhrase: "OK")
    /// RFC 9110 §15.3.2.
    public static let created = HTTPStatus(code: 201, reasonPhrase: "Created")
    /// RFC 9110 §15.3.3.
    public static let accepted = HTTPStatus(code: 202, reasonPhrase: "Accepted")
    /// RFC 9110 §15.3.5.
    public static let noContent = HTTPStatus(code: 204, reasonPhrase: "No Content")
    /// RFC 9110 §15.4.2.
    public static let movedPermanently = HTTPStatus(code: 301, reasonPhrase: "Moved Permanently")
    /// RFC 9110 §15.4.3.
    public static let found = HTTPStatus(code: 302, reasonPhrase: "Found")
    /// RFC 9110 §15.4.4.
    public static let seeOther = HTTPStatus(code: 303, reasonPhrase: "See Other")
    /// RFC 9110 §15.4.5.
    public static let notModified = HTTPStatus(code: 304, reasonPhrase: "Not Modified")
    /// RFC 9110 §15.4.8.
    public static let temporaryRedirect = HTTPStatus(code: 307, reasonPhrase: "Temporary Redirect")
    /// RFC 9110 §15.4.9.
    public static let permanentRedirect = HTTPStatus(code: 308, reasonPhrase: "Permanent Redirect")
    /// RFC 9110 §15.5.1.
    public static let badRequest = HTTPStatus(code: 400, reasonPhrase: "Bad Request")
    /// RFC 9110 §15.5.2.
    public static let unauthorized = HTTPStatus(code: 401, reasonPhrase: "Unauthorized")
    /// RFC 9110 §15.5.4.
    public static let forbidden = HTTPStatus(code: 403, reasonPhrase: "Forbidden")
    /// RFC 9110 §15.5.5.
    public static let notFound = HTTPStatus(code: 404, reasonPhrase: "Not Found")
    /// RFC 9110 §15.5.6.
    public static let methodNotAllowed = HTTPStatus(code: 405, reasonPhrase: "Method Not Allowed")
    /// RFC 9110 §15.5.9.
    public static let requestTimeout = HTTPStatus(code: 408, reasonPhrase: "Request Timeout")
    /// RFC 9110 §15.5.10.
    public static let conflict = HTTPStatus(code: 409, reasonPhrase: "Conflict")
    /// RFC 9110 §15.5.12.
    public static let lengthRequired = HTTPStatus(code: 411, reasonPhrase: "Length Required")
    /// RFC 9110 §15.5.14.
    public static let contentTooLarge = HTTPStatus(code: 413, reasonPhrase: "Content Too Large")
    /// RFC 9110 §15.5.15.
    public static let uriTooLong = HTTPStatus(code: 414, reasonPhrase: "URI Too Long")
    /// RFC 9110 §15.5.16.
    public static let unsupportedMediaType = HTTPStatus(code: 415, reasonPhrase: "Unsupported Media Type")
    /// RFC 9110 §15.5.18.
    public static let expectationFailed = HTTPStatus(code: 417, reasonPhrase: "Expectation Failed")
    /// RFC 9110 §15.5.21.
    public static let unprocessableContent = HTTPStatus(code: 422, reasonPhrase: "Unprocessable Content")
    /// RFC 6585 §4.
    public static let tooManyRequests = HTTPStatus(code: 429, reasonPhrase: "Too Many Requests")
    /// RFC 6585 §5.
    public static let requestHeaderFieldsTooLarge = HTTPStatus(
        code: 431,
        reasonPhrase: "Request Header Fields Too Large"
    )
    /// RFC 9110 §15.6.1.
    public static let internalServerError = HTTPStatus(code: 500, reasonPhrase: "Internal Server Error")
    /// RFC 9110 §15.6.2.
    public static let notImplemented = HTTPStatus(code: 501, reasonPhrase: "Not Implemented")
    /// RFC 9110 §15.6.3.
    public static let badGateway = HTTPStatus(code: 502, reasonPhrase: "Bad Gateway")
    /// RFC 9110 §15.6.4.
    public static let serviceUnavailable = HTTPStatus(code: 503, reasonPhrase: "Service Unavailable")
    /// RFC 9110 §15.6.5.
    public static let gatewayTimeout = HTTPStatus(code: 504, reasonPhrase: "Gateway Timeout")
    /// RFC 9110 §15.6.6.
    public static let httpVersionNotSupported = HTTPStatus(code: 505, reasonPhrase: "HTTP Version Not Supported")

    /// RFC 9110 §8.6, §15.3.5, §15.4.5: 1xx, 204 and 304 responses carry no content.
    var forbidsContent: Bool { code < 200 || code == 204 || code == 304 }
}
