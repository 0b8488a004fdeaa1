import CShims
import Glibc

/// A failed system call, with the errno it left.
public struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call that failed (`bind`, `listen`, ...).
    public let call: String
    /// The errno value.
    public let errno: Int32

    /// `bind: Address already in use (98)`.
    public var description: String {
        "\(call): \(String(cString: strerror(errno))) (\(errno))"
    }
}

/// The outcome of a non-blocking read.
enum ReadOutcome {
    case bytes(Int)
    case wouldBlock
    case endOfFile
    case failed(Int32)
}

/// The outcome of a non-blocking write.
enum WriteOutcome {
    case wrote(Int)
    case wouldBlock
    case failed(Int32)
}

/// The outcome of a non-blocking accept.
enum AcceptOutcome {
    case accepted(Int32, SocketAddress?)
    case wouldBlock
    case retry
    /// The process or system is out of descriptors (EMFILE/ENFILE/ENOBUFS/ENOMEM).
    case outOfResources(Int32)
    case failed(Int32)
}

/// Thin wrappers over the socket system calls. Every errno and pointer of the socket layer stays here.
enum POSIXSocket {
    /// A non-blocking listening socket bound to `address`, with `SO_REUSEPORT` so that each event loop
    /// can own one (the kernel spreads connections between them).
    static func listen(on address: SocketAddress, backlog: Int32) throws(SystemCallError) -> (Int32, SocketAddress) {
        let domain = address.family == .ipv6 ? AF_INET6 : AF_INET
        let fd = socket(
            domain,
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
            0
        )
        guard fd >= 0 else { throw SystemCallError(call: "socket", errno: omni_errno()) }
        var one: Int32 = 1
        let size = socklen_t(MemoryLayout<Int32>.size)
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, size)
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, size)
        if address.family == .ipv6 {
            // `[::]` listens on IPv6 only; list `0.0.0.0:PORT` too for IPv4.
            _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, size)
        }
        let bound = address.withSockAddr { bind(fd, $0, $1) }
        guard bound == 0 else {
            let error = omni_errno()
            Glibc.close(fd)
            throw SystemCallError(call: "bind \(address)", errno: error)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = omni_errno()
            Glibc.close(fd)
            throw SystemCallError(call: "listen", errno: error)
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0, let actual = SocketAddress.from(storage: &storage) else {
            let error = omni_errno()
            Glibc.close(fd)
            throw SystemCallError(call: "getsockname", errno: error)
        }
        return (fd, actual)
    }

    static func accept(_ listener: Int32) -> AcceptOutcome {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { omni_accept_nonblocking(listener, $0, &length) }
        }
        if fd >= 0 {
            var one: Int32 = 1
            // Responses are written whole; Nagle would only delay them.
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return .accepted(fd, SocketAddress.from(storage: &storage))
        }
        let error = omni_errno()
        switch error {
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        case EINTR, ECONNABORTED, EPROTO, EPERM: return .retry
        case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .outOfResources(error)
        default: return .failed(error)
        }
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfFile }
            let error = omni_errno()
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK { return .wouldBlock }
            return .failed(error)
        }
    }

    /// Writes `bytes[offset...]`; MSG_NOSIGNAL so that a closed peer gives EPIPE, never SIGPIPE.
    static func write(_ fd: Int32, _ bytes: [UInt8], from offset: Int) -> WriteOutcome {
        while true {
            let count = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count >= 0 { return .wrote(count) }
            let error = omni_errno()
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK { return .wouldBlock }
            return .failed(error)
        }
    }

    /// Best effort, for a connection we are about to drop (over capacity).
    static func writeOnce(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
    }

    /// Stops reading and writing but lets the kernel flush what was written (used before close after an error
    /// response, so the client reads the response rather than a reset).
    static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Ignore SIGPIPE process-wide: writes to a reset connection must fail with EPIPE, not kill the server.
    static func ignoreSIGPIPE() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    static func processorCount() -> Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

/// A loop's scratch buffer for `read(2)`: bytes are read here, then appended to a connection's input.
final class ReadScratch {
    fileprivate let buffer: UnsafeMutableRawBufferPointer

    init(size: Int = 64 * 1024) {
        buffer = .allocate(byteCount: size, alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// Reads at most `limit` bytes from `fd` and appends them to `storage`.
    func read(_ fd: Int32, appendingTo storage: inout [UInt8], limit: Int) -> ReadOutcome {
        let window = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, max(1, limit))])
        let outcome = POSIXSocket.read(fd, into: window)
        if case .bytes(let count) = outcome {
            storage.append(contentsOf: UnsafeRawBufferPointer(rebasing: window[0..<count]))
        }
        return outcome
    }
}

extension ReadScratch {
    /// Reads and throws away what arrived (lingering close).
    func discard(_ fd: Int32) -> ReadOutcome {
        POSIXSocket.read(fd, into: buffer)
    }
}
