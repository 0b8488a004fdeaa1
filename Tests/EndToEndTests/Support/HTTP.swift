import Foundation
import Glibc

/// A response read off a raw loopback socket: nothing between the test and the server's bytes.
struct WireResponse {
    let status: Int
    let headers: [String: String]
    let body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }
}

/// Minimal blocking HTTP/1.1 over a raw socket with a receive timeout, for end-to-end checks.
enum Wire {
    /// Sends `bytes` on a new connection and reads until the server closes or `Content-Length` is satisfied.
    static func exchange(port: UInt16, _ bytes: [UInt8], timeout: Int = 5) throws -> WireResponse? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { throw EndToEndError(description: "connect failed") }
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            received += chunk[0..<count]
            if let response = parse(received),
                response.body.count >= Int(response.headers["content-length"] ?? "0") ?? 0
            {
                return response
            }
        }
        return parse(received)
    }

    static func get(port: UInt16, _ path: String, headers: [String: String] = [:]) throws -> WireResponse {
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        guard let response = try exchange(port: port, Array((request + "\r\n").utf8)) else {
            throw EndToEndError(description: "no response to GET \(path)")
        }
        return response
    }

    static func parse(_ bytes: [UInt8]) -> WireResponse? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
            return nil
        }
        let head = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, statusLine.hasPrefix("HTTP/1.1 "),
            let status = Int(statusLine.dropFirst(9).prefix(3))
        else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces
            )
        }
        return WireResponse(status: status, headers: headers, body: Array(bytes[(end + 4)...]))
    }
}
