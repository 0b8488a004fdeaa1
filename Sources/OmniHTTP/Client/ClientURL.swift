/// An absolute `http`/`https` URL split into what a request needs (RFC 9110 §4.2, RFC 3986 §3).
///
/// Deliberately not `CustomStringConvertible`: the target may carry secrets and must not end up in a log by accident.
struct ClientURL: Sendable, Equatable {
    /// Lowercased registered name or numeric address, without brackets (`api.weixin.qq.com`, `::1`).
    let host: String
    let port: UInt16
    let isTLS: Bool
    /// The numeric address when the host is an IP literal (no name lookup needed).
    let numericAddress: SocketAddress?
    /// Origin-form request target (RFC 9112 §3.2.1): path and query, `/` at least.
    let target: String

    /// The `Host` field value (RFC 9110 §7.2): the port only when it is not the scheme's default.
    var hostField: String {
        let name = numericAddress?.family == .ipv6 ? "[\(host)]" : host
        return port == (isTLS ? 443 : 80) ? name : "\(name):\(port)"
    }

    init(parsing text: String) throws(HTTPClientError) {
        let utf8 = Array(text.utf8)
        let (isTLS, afterScheme) = try Self.scheme(utf8)
        self.isTLS = isTLS
        // RFC 3986 §3.2: the authority ends at the first "/", "?" or "#".
        let authorityEnd =
            utf8[afterScheme...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == 0x23 }
            ?? utf8.count
        let authority = utf8[afterScheme..<authorityEnd]
        // RFC 9110 §4.2.4: user information is deprecated in http(s) URIs; it would also be a secret to leak.
        guard !authority.contains(UInt8(ascii: "@")) else { throw .invalidURL(reason: "user information in URL") }
        let (host, portText) = try Self.hostAndPort(authority)
        var port: UInt16 = isTLS ? 443 : 80
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = UInt16(String(decoding: portText, as: UTF8.self)), value > 0
            else { throw .invalidURL(reason: "invalid port") }
            port = value
        }
        self.port = port
        self.host = host
        self.numericAddress = try? SocketAddress(host: host, port: port)

        // The fragment is never sent (RFC 9110 §4.2.5); path and query must already be percent-encoded.
        let fragment = utf8[authorityEnd...].firstIndex(of: 0x23) ?? utf8.count
        let rest = utf8[authorityEnd..<fragment]
        guard rest.allSatisfy(ByteClass.isTargetChar) else {
            throw .invalidURL(reason: "path or query contains a space, control or non-ASCII byte")
        }
        let target = String(decoding: rest, as: UTF8.self)
        // RFC 9112 §3.2.1: an empty path is sent as "/".
        self.target = target.hasPrefix("/") ? target : "/" + target
    }

    private static func scheme(_ utf8: [UInt8]) throws(HTTPClientError) -> (isTLS: Bool, end: Int) {
        func matches(_ prefix: String) -> Bool {
            let bytes = Array(prefix.utf8)
            return utf8.count >= bytes.count && zip(utf8, bytes).allSatisfy { ByteClass.lowercased($0) == $1 }
        }
        if matches("https://") { return (true, 8) }
        if matches("http://") { return (false, 7) }
        throw .invalidURL(reason: "scheme must be http or https")
    }

    private static func hostAndPort(
        _ authority: ArraySlice<UInt8>
    ) throws(HTTPClientError) -> (host: String, port: ArraySlice<UInt8>?) {
        if authority.first == UInt8(ascii: "[") {
            // RFC 3986 §3.2.2: an IPv6 literal in brackets.
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else {
                throw .invalidURL(reason: "unterminated IPv6 literal")
            }
            let literal = String(decoding: authority[(authority.startIndex + 1)..<close], as: UTF8.self)
            guard let address = try? SocketAddress(host: literal, port: 0), address.family == .ipv6 else {
                throw .invalidURL(reason: "invalid IPv6 literal")
            }
            let after = authority[(close + 1)...]
            guard after.isEmpty || after.first == UInt8(ascii: ":") else { throw .invalidURL(reason: "invalid port") }
            return (literal.lowercased(), after.isEmpty ? nil : after.dropFirst())
        }
        let colon = authority.firstIndex(of: UInt8(ascii: ":"))
        let name = authority[..<(colon ?? authority.endIndex)]
        // RFC 1123 §2.1 host names (letters, digits, hyphen, dot); IDNs must arrive in their ASCII (punycode) form.
        guard !name.isEmpty, name.count <= 253,
            name.allSatisfy({ PercentEncoding.isUnreserved($0) && $0 != UInt8(ascii: "_") && $0 != UInt8(ascii: "~") })
        else { throw .invalidURL(reason: "invalid host") }
        let host = String(decoding: name.map(ByteClass.lowercased), as: UTF8.self)
        return (host, colon.map { authority[($0 + 1)...] })
    }
}
