/// Serialises responses into a connection's output buffer (RFC 9112 §4 status line, §5 fields, §6.2 length).
enum ResponseEncoder {
    /// `HTTP/1.1 100 Continue` (RFC 9110 §15.2.1), sent before reading an expected body.
    static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The answer to a connection over the cap, written once and never tracked.
    static let overCapacity = Array(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n".utf8
    )

    /// Appends `response`; returns the number of body bytes written.
    static func encode(
        _ response: HTTPResponse,
        headOnly: Bool,
        keepAlive: Bool,
        version: HTTPVersion,
        dateLine: [UInt8],
        into out: inout [UInt8]
    ) -> Int {
        let status = response.status
        let code = (100...599).contains(status.code) ? status.code : 500
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(code, to: &out)
        out.append(ByteClass.space)
        // RFC 9112 §4: reason-phrase = *( HTAB / SP / VCHAR / obs-text ); anything else is dropped.
        for byte in status.reasonPhrase.utf8 where ByteClass.isFieldValueChar(byte) {
            out.append(byte)
        }
        out.append(contentsOf: crlf)
        for field in response.headers {
            // The server owns framing and persistence (RFC 9112 §6, §9.6).
            if isFramingField(field.name) { continue }
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: crlf)
        }
        out.append(contentsOf: dateLine)
        let noContent = status.forbidsContent
        if !noContent {
            // RFC 9110 §8.6: a HEAD response may carry the Content-Length a GET would have.
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: crlf)
        }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http1_0 {
            // RFC 9112 §9.3: an HTTP/1.0 client only keeps the connection when told so.
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: crlf)
        guard !headOnly, !noContent else { return 0 }
        out.append(contentsOf: response.body)
        return response.body.count
    }

    private static let crlf: [UInt8] = [ByteClass.cr, ByteClass.lf]

    private static func isFramingField(_ name: String) -> Bool {
        switch name.utf8.count {
        case 10: return ByteClass.equalsIgnoringCase(name, "Connection")
        case 14: return ByteClass.equalsIgnoringCase(name, "Content-Length")
        case 17: return ByteClass.equalsIgnoringCase(name, "Transfer-Encoding")
        case 4: return ByteClass.equalsIgnoringCase(name, "Date")
        default: return false
        }
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        let value = max(0, value)
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// `Date: <IMF-fixdate>\r\n` (RFC 9110 §6.6.1: an origin server with a clock MUST send Date).
    static func dateLine(epochSeconds: Int) -> [UInt8] {
        Array("Date: \(SystemClock.imfFixdate(epochSeconds: epochSeconds))\r\n".utf8)
    }
}
