import Foundation
import Glibc
import Testing

@testable import OmniHTTP

/// Fetches `GET path` from a loopback server on a dedicated thread and resumes the awaiting task from there:
/// the handler awaiting it holds no event loop thread and no concurrency pool thread.
func upstreamGet(port: UInt16, path: String) async throws -> String {
    try await onThread {
        let client = try TestClient(port: port, receiveTimeout: 10)
        try client.send("GET \(path) HTTP/1.1\r\nHost: upstream\r\nConnection: close\r\n\r\n")
        return try client.readResponse().text
    }
}

@Suite("Server: a slow upstream holds only its own connection", .serialized)
struct SlowUpstreamTests {
    @Test func slowUpstreamDoesNotDelayOtherConnections() async throws {
        // The upstream is itself an OmniHTTP server whose route answers after 2 s.
        var upstreamRouter = Router()
        upstreamRouter.get("/slow") { _ in
            try await Task.sleep(for: .seconds(2))
            return .text("upstream answered")
        }
        let (upstream, upstreamPort) = try startServer(upstreamRouter)

        var router = Router()
        router.get("/proxy") { _ in .text(try await upstreamGet(port: upstreamPort, path: "/slow")) }
        router.get("/fast") { request in .text(request.pathParameters["x"] ?? "fast") }
        let (server, port) = try startServer(router)

        async let slow: (RawResponse, Double) = onThread {
            let client = try TestClient(port: port, receiveTimeout: 10)
            let result = try milliseconds {
                try client.send("GET /proxy HTTP/1.1\r\nHost: a\r\n\r\n")
                return try client.readResponse()
            }
            return result
        }
        try await Task.sleep(for: .milliseconds(100))

        let (latencies, fastPhase): ([Double], Double) = try await onThread {
            milliseconds {
                // 200 other connections, all open at once, one request each.
                let clients = (0..<200).compactMap { _ in try? TestClient(port: port) }
                return clients.map { client in
                    let (response, elapsed) = milliseconds {
                        try? client.send("GET /fast HTTP/1.1\r\nHost: a\r\n\r\n")
                        return try? client.readResponse()
                    }
                    #expect(response?.text == "fast")
                    return elapsed
                }
            }
        }
        let (slowResponse, slowElapsed) = try await slow

        #expect(latencies.count == 200)
        #expect(latencies.allSatisfy { $0 < 100 }, "slowest: \(latencies.max() ?? 0) ms")
        // The slow request started 100 ms before the fast phase and was still in flight when it ended.
        #expect(100 + fastPhase < slowElapsed)
        #expect(slowResponse.status == 200)
        #expect(slowResponse.text == "upstream answered")
        #expect(slowElapsed >= 2000)
        await server.shutdown()
        await upstream.shutdown()
    }
}
