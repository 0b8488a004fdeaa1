import Glibc

/// An IPv4 or IPv6 socket address: a listen address or a client's remote address.
///
/// Only numeric hosts are accepted (plus `localhost`): name resolution would block an event loop.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address family of a ``SocketAddress``.
    public enum Family: Sendable, Hashable {
        /// `AF_INET`.
        case ipv4
        /// `AF_INET6`.
        case ipv6
    }

    /// The numeric host, without brackets (`127.0.0.1`, `::1`).
    public let host: String
    /// The TCP port; 0 in a listen address asks the kernel for an ephemeral port.
    public let port: UInt16
    /// IPv4 or IPv6.
    public let family: Family

    /// An address from a numeric host and a port.
    public init(host: String, port: UInt16) throws(SocketAddressError) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            self.family = .ipv4
        } else if inet_pton(AF_INET6, host, &v6) == 1 {
            self.family = .ipv6
        } else {
            throw .invalidHost(host)
        }
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`, `[IPV6]:PORT` or `localhost:PORT`.
    public init(parsing text: String) throws(SocketAddressError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .malformed(text) }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw .malformed(text) }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .malformed(text) }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") { throw .malformed(text) }
        }
        guard !portPart.isEmpty, portPart.allSatisfy(\.isASCII), portPart.allSatisfy(\.isNumber),
            let port = UInt16(portPart)
        else { throw .invalidPort(String(portPart)) }
        let host = hostPart == "localhost" ? "127.0.0.1" : String(hostPart)
        try self.init(host: host, port: port)
    }

    /// `127.0.0.1:8080` or `[::1]:8080`.
    public var description: String {
        family == .ipv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Builds an address from a kernel `sockaddr_storage`; nil for other families.
    static func from(storage: inout sockaddr_storage) -> SocketAddress? {
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) { raw in
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var address = sin.pointee.sin_addr
                    var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
                    guard inet_ntop(AF_INET, &address, &text, socklen_t(text.count)) != nil else { return nil }
                    return SocketAddress(
                        trustedHost: String(
                            decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                            as: UTF8.self
                        ),
                        port: UInt16(bigEndian: sin.pointee.sin_port),
                        family: .ipv4
                    )
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) { raw in
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var address = sin6.pointee.sin6_addr
                    var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                    guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else { return nil }
                    return SocketAddress(
                        trustedHost: String(
                            decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                            as: UTF8.self
                        ),
                        port: UInt16(bigEndian: sin6.pointee.sin6_port),
                        family: .ipv6
                    )
                }
            }
        default:
            return nil
        }
    }

    private init(trustedHost: String, port: UInt16, family: Family) {
        self.host = trustedHost
        self.port = port
        self.family = family
    }

    /// Calls `body` with this address as a kernel `sockaddr`.
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch family {
        case .ipv4:
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            _ = inet_pton(AF_INET, host, &sin.sin_addr)
            return withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .ipv6:
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            _ = inet_pton(AF_INET6, host, &sin6.sin6_addr)
            return withUnsafePointer(to: &sin6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }
}

/// Why a listen address could not be parsed.
public enum SocketAddressError: Error, Sendable, Equatable {
    /// Not `HOST:PORT` or `[HOST]:PORT`.
    case malformed(String)
    /// The host is not a numeric IPv4/IPv6 address nor `localhost`.
    case invalidHost(String)
    /// The port is not a number in 0...65535.
    case invalidPort(String)
}
