/// Turns an error thrown by a handler into the response sent; it must not throw.
public typealias HTTPErrorMapper = @Sendable (any Error, HTTPRequest) -> HTTPResponse

/// The default error responses: `{"error": "...", "error_description": "..."}`.
public enum HTTPErrorResponses {
    /// ``HTTPStatusError``s keep their status and public message; anything else is a 500 that reveals nothing.
    public static let defaultMapper: HTTPErrorMapper = { error, _ in
        if let error = error as? any HTTPStatusError {
            return response(status: error.status, description: error.publicMessage)
        }
        return response(status: .internalServerError, description: "internal error")
    }

    /// A JSON error body whose `error` is the reason phrase in snake case (`bad_request`).
    public static func response(status: HTTPStatus, description: String) -> HTTPResponse {
        let code = status.reasonPhrase.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        let body = "{\"error\":\"\(escape(String(code)))\",\"error_description\":\"\(escape(description))\"}"
        var response = HTTPResponse(status: status, body: Array(body.utf8))
        response.headers.appendValidated(name: "Content-Type", value: "application/json")
        response.headers.appendValidated(name: "Cache-Control", value: "no-store")
        return response
    }

    /// RFC 8259 §7 string escaping (without the surrounding quotes).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
