import CShims
import Glibc

/// The outcome of a non-blocking connect.
enum ConnectOutcome {
    /// Connected at once (loopback can do this).
    case connected(Int32)
    /// The handshake is under way: wait for the descriptor to become writable, then read ``POSIXSocket/pendingError(_:)``.
    case inProgress(Int32)
    /// The socket could not be created or the connect failed at once; no descriptor is left open.
    case failed(SystemCallError)
}

extension POSIXSocket {
    /// Starts a non-blocking, close-on-exec TCP connection to `address`, with `TCP_NODELAY` (a request is written
    /// whole; Nagle would only delay it).
    static func connect(to address: SocketAddress) -> ConnectOutcome {
        let domain = address.family == .ipv6 ? AF_INET6 : AF_INET
        let fd = socket(
            domain,
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
            0
        )
        guard fd >= 0 else { return .failed(SystemCallError(call: "socket", errno: omni_errno())) }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        while true {
            let result = address.withSockAddr { Glibc.connect(fd, $0, $1) }
            if result == 0 { return .connected(fd) }
            let error = omni_errno()
            if error == EINTR { continue }
            if error == EINPROGRESS { return .inProgress(fd) }
            Glibc.close(fd)
            return .failed(SystemCallError(call: "connect", errno: error))
        }
    }

    /// The result of a non-blocking connect once the descriptor is writable: 0 when connected, else the errno
    /// (`SO_ERROR`, as connect(2) describes for `EINPROGRESS`).
    static func pendingError(_ fd: Int32) -> Int32 {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return omni_errno() }
        return error
    }
}
