import Glibc
import Synchronization
import Testing

@testable import OmniHTTP

@Suite("Server: graceful shutdown and signals", .serialized)
struct ShutdownTests {
    @Test func inFlightRequestCompletesAndNewConnectionsAreRefused() async throws {
        let started = Atomic<Bool>(false)
        var router = Router()
        router.inline(.GET, "/healthz") { _ in .text("ok") }
        router.get("/work") { _ in
            started.store(true, ordering: .relaxed)
            try await Task.sleep(for: .milliseconds(700))
            return .text("finished")
        }
        let (server, port) = try startServer(router)

        // An idle keep-alive connection, closed by shutdown.
        let idle = try TestClient(port: port)
        try idle.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
        _ = try await onThread { try idle.readResponse() }

        async let inFlight: RawResponse = onThread {
            let client = try TestClient(port: port)
            try client.send("GET /work HTTP/1.1\r\nHost: a\r\n\r\n")
            return try client.readResponse()
        }
        while !started.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(10)) }

        await server.shutdown()
        let response = try await inFlight
        #expect(response.status == 200)
        #expect(response.text == "finished")
        #expect(response.header("Connection") == "close")
        #expect(try await onThread { idle.isClosedByPeer() })
        #expect(throws: TestClientError.self) { try TestClient(port: port) }
    }

    @Test func requestHalfReceivedAtShutdownIsStillAnswered() async throws {
        let (server, port) = try startServer(testRouter())
        let client = try TestClient(port: port)
        try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhe")
        try await Task.sleep(for: .milliseconds(100))
        let stopping = Task { await server.shutdown() }
        try await Task.sleep(for: .milliseconds(100))
        let response = try await onThread {
            try client.send("llo")
            return try client.readResponse()
        }
        #expect(response.text == "hello")
        #expect(response.header("Connection") == "close")
        await stopping.value
    }

    @Test func shutdownIsBoundedByTheGracePeriod() async throws {
        var router = Router()
        router.get("/forever") { _ in
            try? await Task.sleep(for: .seconds(30))
            return .text("late")
        }
        let (server, port) = try startServer(router, configure: { $0.shutdownGracePeriod = .milliseconds(300) })
        let client = try TestClient(port: port)
        try client.send("GET /forever HTTP/1.1\r\nHost: a\r\n\r\n")
        try await Task.sleep(for: .milliseconds(100))
        let clock = ContinuousClock()
        let elapsed = await clock.measure { await server.shutdown() }
        #expect(elapsed < .seconds(3))
        #expect(try await onThread { client.isClosedByPeer() })
    }

    @Test func signalWaiterReturnsTheSignal() async throws {
        let waiter = try SignalWaiter(signals: [SIGUSR2])
        Task {
            try await Task.sleep(for: .milliseconds(50))
            kill(getpid(), SIGUSR2)
        }
        #expect(await waiter.wait() == SIGUSR2)
    }

    @Test func startTwiceOrOnABusyPortFails() async throws {
        let (server, port) = try startServer(Router())
        #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }
        var configuration = HTTPServerConfiguration(listen: [try SocketAddress(host: "127.0.0.1", port: port)])
        configuration.eventLoopCount = 1
        // SO_REUSEPORT lets a second socket of this user join the port, so bind a non-local address instead.
        configuration.listen = [try SocketAddress(host: "192.0.2.1", port: 0)]
        #expect(throws: HTTPServerError.self) { try HTTPServer(configuration: configuration, router: Router()).start() }
        await server.shutdown()
    }
}
