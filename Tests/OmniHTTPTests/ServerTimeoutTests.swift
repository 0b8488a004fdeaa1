import Glibc
import Testing

@testable import OmniHTTP

@Suite("Server: timeouts and connection cap", .serialized)
struct ServerTimeoutTests {
    func shortTimeouts(_ configuration: inout HTTPServerConfiguration) {
        configuration.requestTimeout = .milliseconds(500)
        configuration.idleTimeout = .milliseconds(500)
    }

    @Test func slowlorisHeadGets408AndClose() async throws {
        let (server, port) = try startServer(testRouter(), configure: shortTimeouts)
        try await onThread {
            let client = try TestClient(port: port)
            // A byte every 50 ms for 1 s: the deadline covers the whole head, not each byte.
            let (response, elapsed) = try milliseconds {
                for byte in "GET /healthz HTTP/1.1\r\n".utf8.prefix(20) {
                    guard (try? client.send([byte])) != nil else { break }
                    usleep(50_000)
                }
                return try client.readResponse()
            }
            #expect(response.status == 408)
            #expect(response.header("Connection") == "close")
            #expect(elapsed < 5000)
            #expect(try fetch(port, "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n").status == 200)
        }
        await server.shutdown()
    }

    @Test func slowBodyGets408() async throws {
        let (server, port) = try startServer(testRouter(), configure: shortTimeouts)
        try await onThread {
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
            #expect(try client.readResponse().status == 408)
            #expect(client.isClosedByPeer())
        }
        await server.shutdown()
    }

    @Test func silentConnectionIsClosedWithoutResponse() async throws {
        let (server, port) = try startServer(testRouter(), configure: shortTimeouts)
        try await onThread {
            let client = try TestClient(port: port)
            let (bytes, elapsed) = milliseconds { client.readToEnd() }
            #expect(bytes.isEmpty)
            #expect(elapsed >= 400 && elapsed < 3000)
        }
        await server.shutdown()
    }

    @Test func idleKeepAliveConnectionIsClosedSilently() async throws {
        let observer = RecordingObserver()
        let (server, port) = try startServer(testRouter(), configure: shortTimeouts, observer: observer)
        try await onThread {
            let client = try TestClient(port: port)
            try client.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            let (bytes, elapsed) = milliseconds { client.readToEnd() }
            #expect(bytes.isEmpty)
            #expect(elapsed >= 400 && elapsed < 3000)
        }
        await server.shutdown()
        #expect(
            observer.connectionEvents.contains(.timedOut(nil, .idle))
                || observer.connectionEvents.contains {
                    if case .timedOut(_, .idle) = $0 { return true } else { return false }
                }
        )
    }

    @Test func connectionsOverTheCapAreRejectedWith503() async throws {
        let observer = RecordingObserver()
        let (server, port) = try startServer(
            testRouter(),
            configure: { $0.maxConnections = 2 },
            observer: observer
        )
        try await onThread {
            let first = try TestClient(port: port)
            let second = try TestClient(port: port)
            for client in [first, second] {
                try client.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            let third = try TestClient(port: port)
            let answer = String(decoding: third.readToEnd(), as: UTF8.self)
            #expect(answer.isEmpty || answer.hasPrefix("HTTP/1.1 503 "))
            // Capacity comes back when a connection closes.
            try first.send("GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            _ = try first.readResponse()
            #expect(first.isClosedByPeer())
            first.close()
            var recovered = false
            for _ in 0..<20 where !recovered {
                recovered = (try? fetch(port, "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n").status) == 200
                if !recovered { usleep(100_000) }
            }
            #expect(recovered)
        }
        await server.shutdown()
        #expect(
            observer.connectionEvents.contains {
                if case .rejectedOverCapacity = $0 { return true } else { return false }
            }
        )
    }
}
