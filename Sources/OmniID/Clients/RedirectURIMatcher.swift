/// Compares a requested `redirect_uri` with a client's registered ones.
///
/// RFC 9700 §4.1.3 and RFC 6749 §3.1.2.3: exact string matching. The one exception is RFC 8252 §7.3:
/// for a registered loopback IP redirect (`http://127.0.0.1/...` or `http://[::1]/...`) any port is
/// accepted, because a native app listens on whatever port the operating system gives it.
/// `localhost` gets no such exception (RFC 8252 §8.3 advises against it).
public enum RedirectURIMatcher {
    /// The registered URI the request matches, or nil.
    public static func match(_ requested: String, registered: [String]) -> String? {
        if registered.contains(requested) { return requested }
        guard let requestedLoopback = LoopbackURI(requested) else { return nil }
        return registered.first { LoopbackURI($0)?.matchesIgnoringPort(requestedLoopback) == true }
    }
}

/// An `http` redirect URI on a loopback IP literal, split so that the port can be ignored.
struct LoopbackURI: Equatable {
    let host: String
    let port: String?
    let pathAndQuery: String

    init?(_ uri: String) {
        let prefix = "http://"
        guard uri.hasPrefix(prefix) else { return nil }
        let rest = uri.dropFirst(prefix.count)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let host: Substring
        let port: Substring?
        if authority.hasPrefix("[::1]") {
            host = "[::1]"
            let after = authority.dropFirst(5)
            guard after.isEmpty || after.hasPrefix(":") else { return nil }
            port = after.isEmpty ? nil : after.dropFirst()
        } else if authority.hasPrefix("127.0.0.1") {
            host = "127.0.0.1"
            let after = authority.dropFirst(9)
            guard after.isEmpty || after.hasPrefix(":") else { return nil }
            port = after.isEmpty ? nil : after.dropFirst()
        } else {
            return nil
        }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                let number = Int(port), number <= 65535
            else { return nil }
        }
        self.host = String(host)
        self.port = port.map(String.init)
        self.pathAndQuery = String(rest[authorityEnd...])
    }

    func matchesIgnoringPort(_ other: LoopbackURI) -> Bool {
        host == other.host && pathAndQuery == other.pathAndQuery
    }
}
