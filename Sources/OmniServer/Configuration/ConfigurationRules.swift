import FoundationEssentials

/// The issuer must be an https URL (http only on loopback, for development) with no query or
/// fragment (OpenID Connect Discovery §2; RFC 8414 §2), and no trailing slash, because every
/// discovery URL is the issuer plus a path, character for character.
enum IssuerRule {
    static func check(_ issuer: String, key: String) throws {
        guard let parts = URIParts(issuer), parts.scheme == "https" || parts.scheme == "http", let host = parts.host,
            !host.isEmpty
        else {
            throw ConfigurationError(key: key, reason: "must be an absolute http(s) URL")
        }
        if issuer.contains("?") || issuer.contains("#") {
            throw ConfigurationError(key: key, reason: "must not have a query or fragment")
        }
        if issuer.hasSuffix("/") {
            throw ConfigurationError(key: key, reason: "must not end with '/'")
        }
        if parts.scheme == "http" && !URIParts.isLoopback(host) {
            throw ConfigurationError(key: key, reason: "must use https unless the host is loopback")
        }
    }
}

/// Redirect URIs registered for a client (RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §2.1).
enum RedirectURIRule {
    /// Why `uri` cannot be registered for a client of `channel`, or nil when it can.
    static func problem(_ uri: String, channel: ClientConfiguration.Channel) -> String? {
        guard let parts = URIParts(uri) else { return "must be an absolute URI" }
        // RFC 6749 §3.1.2: the endpoint URI MUST NOT include a fragment component.
        if uri.contains("#") { return "must not contain a fragment" }
        if uri.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            return "must not contain spaces or control characters"
        }
        switch parts.scheme {
        case "https":
            return parts.host.map { $0.isEmpty } ?? true ? "must name a host" : nil
        case "http":
            // RFC 8252 §8.3 and RFC 9700 §2.1: plain http only for loopback redirects.
            guard let host = parts.host, URIParts.isLoopback(host) else { return "http is allowed only for loopback" }
            return nil
        default:
            // RFC 8252 §7.1: private-use schemes, reverse domain names, for native apps only.
            guard channel == .app else { return "private-use schemes are for app clients" }
            return parts.scheme.contains(".")
                ? nil : "a private-use scheme must be a reverse domain name (RFC 8252 §7.1)"
        }
    }
}

/// RFC 6749 §3.3: scope-token = 1*NQCHAR (%x21 / %x23-5B / %x5D-7E).
enum ScopeRule {
    static func isValidToken(_ scope: String) -> Bool {
        !scope.isEmpty
            && scope.utf8.allSatisfy { $0 == 0x21 || (0x23...0x5B).contains($0) || (0x5D...0x7E).contains($0) }
    }
}

/// Just enough of RFC 3986 to check registered URIs: scheme, and the host of a hierarchical URI.
struct URIParts {
    let scheme: String
    let host: String?

    init?(_ uri: String) {
        guard let colon = uri.firstIndex(of: ":") else { return nil }
        let scheme = uri[..<colon]
        // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        self.scheme = scheme.lowercased()
        let rest = uri[uri.index(after: colon)...]
        guard rest.hasPrefix("//") else {
            guard !rest.isEmpty else { return nil }
            self.host = nil
            return
        }
        let authority = rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else { return nil }
            self.host = String(hostAndPort[hostAndPort.startIndex...close]).lowercased()
        } else {
            self.host = String(hostAndPort.prefix { $0 != ":" }).lowercased()
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "[::1]" || host.hasPrefix("127.")
    }
}

/// Path helpers without Foundation's URL: configuration paths are plain POSIX paths.
enum FilePath {
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(currentDirectory() + "/" + path)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func resolve(_ path: String, against base: String) -> String {
        path.hasPrefix("/") ? normalize(path) : normalize(base + "/" + path)
    }

    /// Collapses `.` and `..` segments and repeated slashes.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func currentDirectory() -> String { FileManager.default.currentDirectoryPath }
}
