import FoundationEssentials
import OmniHTTP
import OmniID
import OmniLog

/// The one boundary where domain errors become HTTP: RFC 6749 §5.2 JSON bodies with the fitting
/// status, `Cache-Control: no-store` (RFC 6749 §5.1), `WWW-Authenticate` for 401s (RFC 6750 §3,
/// RFC 6749 §5.2) and `Retry-After` where the client must wait.
enum OAuthErrorResponse {
    static func status(for code: OAuthError.Code) -> HTTPStatus {
        switch code {
        case .invalidClient, .invalidToken: HTTPStatus(code: 401, reasonPhrase: "Unauthorized")
        case .accessDenied, .insufficientScope: HTTPStatus(code: 403, reasonPhrase: "Forbidden")
        case .interactionNotFound: HTTPStatus(code: 404, reasonPhrase: "Not Found")
        case .identityConflict: HTTPStatus(code: 409, reasonPhrase: "Conflict")
        case .slowDown: HTTPStatus(code: 429, reasonPhrase: "Too Many Requests")
        case .serverError: HTTPStatus(code: 500, reasonPhrase: "Internal Server Error")
        case .temporarilyUnavailable: HTTPStatus(code: 503, reasonPhrase: "Service Unavailable")
        default: HTTPStatus(code: 400, reasonPhrase: "Bad Request")
        }
    }

    /// The JSON error response. `authenticateScheme` names the scheme for `WWW-Authenticate` on a
    /// 401 (`Basic` at the token endpoint when the client tried Basic, `Bearer` at resource endpoints).
    static func make(_ error: OAuthError, authenticateScheme: String? = nil) -> HTTPResponse {
        var body =
            "{\"error\":" + jsonString(error.code.rawValue) + ",\"error_description\":" + jsonString(error.detail)
        for (key, value) in error.extra.sorted(by: { $0.key < $1.key }) {
            body += "," + jsonString(key) + ":" + String(value)
        }
        body += "}"
        var response = HTTPResponse.json(bytes: Array(body.utf8), status: status(for: error.code)).noStore()
        if let retryAfter = error.retryAfter { try? response.headers.set("Retry-After", String(retryAfter)) }
        if response.status.code == 401, let scheme = authenticateScheme {
            let realm = scheme == "Bearer" ? "Bearer error=\"\(error.code.rawValue)\"" : "Basic realm=\"omniid\""
            try? response.headers.set("WWW-Authenticate", realm)
        }
        return response
    }

    /// JSON string literal (RFC 8259 §7).
    static func jsonString(_ text: String) -> String { "\"" + HTTPErrorResponses.escape(text) + "\"" }

    /// The server's error mapper: OAuth errors as above; anything unexpected is logged by type and
    /// answered `500 server_error` without detail.
    static func mapper(logger: Logger) -> HTTPErrorMapper {
        { error, request in
            let authorization = request.headers["Authorization"]?.lowercased() ?? ""
            let scheme =
                authorization.hasPrefix("basic ") ? "Basic" : authorization.hasPrefix("bearer ") ? "Bearer" : nil
            if let error = error as? OAuthError { return make(error, authenticateScheme: scheme) }
            if error is any HTTPStatusError { return HTTPErrorResponses.defaultMapper(error, request) }
            logger.error(
                "unhandled error",
                [("route", .string(request.route ?? "-")), ("error", .string("\(type(of: error))"))]
            )
            return make(OAuthError(.serverError, "internal error"))
        }
    }
}
