import Foundation
import Glibc
import Synchronization

/// A loopback TCP server on its own threads that answers every connection with scripted bytes: for responses an
/// `HTTPServer` would never send (chunked, close-delimited, interim 1xx, malformed) and for upstreams that hang.
///
/// Each connection gets its own thread: the request head (and a `Content-Length` body) is read and recorded, then
/// the reply is written and the connection closed; `.silent` holds the connection open until ``stop()``.
final class ScriptedServer: Sendable {
    enum Reply: Sendable {
        /// Write these bytes, then close.
        case bytes([UInt8])
        /// Write these bytes, then keep the connection open without a word until ``ScriptedServer/stop()``.
        case bytesThenHang([UInt8])
        /// Read the request and never answer.
        case silent
    }

    let port: UInt16
    private let listener: Int32
    private let reply: Reply
    private let stopped = Atomic<Bool>(false)
    private let requests = Mutex<[String]>([])
    private let accepted = Atomic<Int>(0)
    private let closures = Atomic<Int>(0)

    init(_ reply: Reply) throws {
        self.reply = reply
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw TestClientError(description: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound, listen(listener, 128) == 0 else {
            Glibc.close(listener)
            throw TestClientError(description: "bind/listen failed")
        }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Every request received so far (head and body as text).
    var receivedRequests: [String] { requests.withLock { $0 } }

    /// The number of connections accepted so far.
    var acceptedConnections: Int { accepted.load(ordering: .relaxed) }

    /// The number of hanging connections the client closed.
    var closedByClient: Int { closures.load(ordering: .relaxed) }

    /// Stops accepting and releases hanging connections (within ~50 ms).
    func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    private func acceptLoop() {
        defer { Glibc.close(listener) }
        while !stopped.load(ordering: .relaxed) {
            guard waitReadable(listener, milliseconds: 50) else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            accepted.add(1, ordering: .relaxed)
            let thread = Thread { [self] in serve(fd) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { Glibc.close(fd) }
        guard let request = readRequest(fd) else { return }
        requests.withLock { $0.append(request) }
        switch reply {
        case .bytes(let bytes):
            write(fd, bytes)
        case .bytesThenHang(let bytes):
            write(fd, bytes)
            hang(fd)
        case .silent:
            hang(fd)
        }
    }

    /// Holds the connection until ``stop()`` or until the client closes it (counted in ``closedByClient``).
    private func hang(_ fd: Int32) {
        while !stopped.load(ordering: .relaxed) {
            guard waitReadable(fd, milliseconds: 20) else { continue }
            var byte: UInt8 = 0
            if recv(fd, &byte, 1, 0) <= 0 {
                closures.add(1, ordering: .relaxed)
                return
            }
        }
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    /// Reads a head and its `Content-Length` body; nil if the client went away first.
    private func readRequest(_ fd: Int32) -> String? {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        func fill() -> Bool {
            guard waitReadable(fd, milliseconds: 5000) else { return false }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            received.append(contentsOf: chunk[0..<count])
            return true
        }
        let terminator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            guard fill() else { return nil }
            headEnd = received.indices.dropLast(3).first { Array(received[$0..<$0 + 4]) == terminator }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: received[0..<headEnd], as: UTF8.self)
        let length =
            head.split(separator: "\r\n")
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        while received.count < headEnd + 4 + length {
            guard fill() else { return nil }
        }
        return String(decoding: received, as: UTF8.self)
    }

    private func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var ready: Int32
        // poll is never restarted after a signal handler, and the signal tests raise signals here.
        repeat { ready = poll(&entry, 1, milliseconds) } while ready < 0 && errno == EINTR
        return ready > 0
    }
}

extension ScriptedServer {
    /// A server answering `text` (CRLF line ends written by the caller) to every request.
    convenience init(replying text: String) throws {
        try self.init(.bytes(Array(text.utf8)))
    }

    /// `http://127.0.0.1:PORT` + `path`.
    func url(_ path: String = "/") -> String {
        "http://127.0.0.1:\(port)\(path)"
    }
}
