import Foundation
import Glibc

@testable import OmniHTTP

/// Runs blocking test I/O on a dedicated thread, so that the Swift concurrency pool (which runs the server's
/// async handlers) is never blocked by the test itself.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do {
                continuation.resume(returning: try body())
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

struct TestClientError: Error, CustomStringConvertible {
    let description: String
}

/// A parsed response read off a raw socket.
struct RawResponse: Sendable {
    let status: Int
    let statusLine: String
    let headers: [(String, String)]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking loopback TCP client for end-to-end tests (5 s receive timeout, so a bug fails instead of hanging).
///
/// Ownership rule: one thread uses a client at a time; a test hands it to another thread only through an awaited
/// `onThread` call, whose completion orders the accesses. Hence `@unchecked Sendable`.
final class TestClient: @unchecked Sendable {
    private(set) var fd: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, receiveTimeout: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError(description: "socket failed") }
        var timeout = timeval(
            tv_sec: Int(receiveTimeout),
            tv_usec: Int((receiveTimeout.truncatingRemainder(dividingBy: 1)) * 1_000_000)
        )
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let error = errno
            Glibc.close(fd)
            // deinit runs even though init throws (self is fully initialised): without this it would close the
            // number again, by then perhaps another thread's socket. That was the intermittent "connection
            // closed" in unrelated tests running in parallel.
            fd = -1
            throw TestClientError(description: "connect failed: errno \(error)")
        }
    }

    deinit {
        close()
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw TestClientError(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Reads more bytes; false on EOF, reset or timeout.
    @discardableResult
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        var count: Int
        // Retry EINTR: the signal tests raise SIGTERM/SIGINT in this process while other suites
        // run, and a socket with SO_RCVTIMEO is never restarted after a handler (signal(7)).
        repeat {
            count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        } while count < 0 && errno == EINTR
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Reads one response (Content-Length framed, or until close). `head` responses carry no body.
    func readResponse(head: Bool = false) throws -> RawResponse {
        var headEnd: Int?
        while true {
            if let range = firstRange(of: [13, 10, 13, 10]) {
                headEnd = range
                break
            }
            guard fill() else {
                throw TestClientError(description: "connection closed before a response head (\(buffer.count) bytes)")
            }
        }
        guard let headEnd else { throw TestClientError(description: "no head") }
        let headText = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw TestClientError(description: "bad status line: \(statusLine)")
        }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        buffer.removeFirst(headEnd + 4)
        let lengthHeader = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) }
        let length = (head || status < 200 || status == 204 || status == 304) ? 0 : (lengthHeader ?? 0)
        while buffer.count < length {
            guard fill() else { throw TestClientError(description: "connection closed inside a body") }
        }
        let body = Array(buffer[0..<length])
        buffer.removeFirst(length)
        return RawResponse(status: status, statusLine: statusLine, headers: headers, body: body)
    }

    /// True when the server closed the connection (EOF or reset) within the receive timeout, with no more bytes.
    func isClosedByPeer() -> Bool {
        if !buffer.isEmpty { return false }
        var byte: UInt8 = 0
        var count: Int
        repeat { count = recv(fd, &byte, 1, 0) } while count < 0 && errno == EINTR
        if count == 0 { return true }
        if count < 0 { return errno == ECONNRESET }
        buffer.append(byte)
        return false
    }

    /// Every remaining byte until the peer closes.
    func readToEnd() -> [UInt8] {
        while fill() {}
        defer { buffer = [] }
        return buffer
    }

    private func firstRange(of needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for index in 0...(buffer.count - needle.count) where buffer[index] == needle[0] {
            if Array(buffer[index..<index + needle.count]) == needle { return index }
        }
        return nil
    }
}

/// Starts a server on 127.0.0.1:0 with `router` and returns it with its port.
func startServer(
    _ router: Router,
    configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    observer: any HTTPServerObserver = NoHTTPServerObserver()
) throws -> (HTTPServer, UInt16) {
    var configuration = HTTPServerConfiguration(listen: [try SocketAddress(parsing: "127.0.0.1:0")])
    configuration.eventLoopCount = 2
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, router: router, observer: observer)
    let addresses = try server.start()
    return (server, addresses[0].port)
}

/// One request on a fresh connection.
func fetch(_ port: UInt16, _ request: String) throws -> RawResponse {
    let client = try TestClient(port: port)
    try client.send(request)
    return try client.readResponse(head: request.hasPrefix("HEAD "))
}
