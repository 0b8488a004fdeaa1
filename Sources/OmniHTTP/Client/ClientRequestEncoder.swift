/// Serialises an outbound request (RFC 9112 §3): one request per connection, so always `Connection: close`.
enum ClientRequestEncoder {
    /// Fields the encoder owns; a caller's copies are dropped rather than sent twice.
    private static let ownedFields = ["Host", "Content-Length", "Transfer-Encoding", "Connection"]

    static func encode(_ request: HTTPClientRequest, url: ClientURL, userAgent: String) -> [UInt8] {
        var head = "\(request.method.rawValue) \(url.target) HTTP/1.1\r\n"
        // RFC 9112 §3.2: Host first, with the port when it is not the default.
        head += "Host: \(url.hostField)\r\n"
        if !request.headers.contains("User-Agent") {
            head += "User-Agent: \(userAgent)\r\n"
        }
        for field in request.headers
        where !ownedFields.contains(where: { ByteClass.equalsIgnoringCase($0, field.name) }) {
            head += "\(field.name): \(field.value)\r\n"
        }
        // RFC 9110 §8.6: a POST/PUT/PATCH without a body still says `Content-Length: 0`.
        let bodyExpected = request.method == .POST || request.method == .PUT || request.method == .PATCH
        if !request.body.isEmpty || bodyExpected {
            head += "Content-Length: \(request.body.count)\r\n"
        }
        head += "Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: request.body)
        return bytes
    }
}
