import Glibc

@testable import OmniHTTP

/// The error `execute` throws, or nil if it succeeded.
func clientError(
    _ client: HTTPClient,
    _ request: HTTPClientRequest,
    timeout: Duration = .seconds(10)
) async -> HTTPClientError? {
    do {
        _ = try await client.execute(request, timeout: timeout)
        return nil
    } catch {
        return error
    }
}

/// `GET url` on `client` with a generous timeout.
func get(_ client: HTTPClient, _ url: String) async throws -> HTTPClientResponse {
    try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
}

/// A loopback port nobody listens on: bound, then released.
func unusedPort() throws -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestClientError(description: "socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    guard bound else { throw TestClientError(description: "bind failed") }
    return UInt16(bigEndian: address.sin_port)
}

/// Polls `condition` every 10 ms for up to `seconds`; whether it became true.
func eventually(within seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

extension HTTPClientResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
}
