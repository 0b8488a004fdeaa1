import Foundation
import Synchronization
import Testing

@testable import OmniHTTP

@Suite("HTTPClient: deadlines and cancellation", .serialized)
struct HTTPClientTimeoutTests {
    @Test func silentUpstreamTimesOutAfterTheDeadlineAndTheConnectionIsClosed() async throws {
        let upstream = try ScriptedServer(.silent)
        defer { upstream.stop() }
        let client = try HTTPClient()
        let clock = ContinuousClock()
        let started = clock.now
        let error = await clientError(
            client,
            HTTPClientRequest(url: upstream.url("/sns/jscode2session")),
            timeout: .milliseconds(300)
        )
        let elapsed = clock.now - started
        #expect(error == .timeout)
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(5), "took \(elapsed)")
        #expect(await eventually { upstream.closedByClient == 1 })
    }

    @Test func partialResponseTimesOut() async throws {
        let upstream = try ScriptedServer(
            .bytesThenHang(Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".utf8))
        )
        defer { upstream.stop() }
        let error = await clientError(
            try HTTPClient(),
            HTTPClientRequest(url: upstream.url()),
            timeout: .milliseconds(300)
        )
        #expect(error == .timeout)
    }

    @Test func slowUpstreamDoesNotDelayOtherRequestsOnTheSameClient() async throws {
        let upstream = try ScriptedServer(.silent)
        let (server, port) = try startServer(testRouter())
        defer {
            upstream.stop()
            Task { await server.shutdown() }
        }
        let client = try HTTPClient()
        let slowFinished = Flag()
        let slow = Task {
            defer { slowFinished.raise() }
            return await clientError(client, HTTPClientRequest(url: upstream.url()), timeout: .milliseconds(2500))
        }
        #expect(await eventually { upstream.receivedRequests.count == 1 })

        let outcomes = await withTaskGroup(of: (String, Duration).self) { group in
            for _ in 0..<50 {
                group.addTask {
                    let clock = ContinuousClock()
                    let started = clock.now
                    let outcome: String
                    do {
                        outcome = "\(try await get(client, "http://127.0.0.1:\(port)/healthz").status.code)"
                    } catch {
                        outcome = "\(error)"
                    }
                    return (outcome, clock.now - started)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(!slowFinished.isRaised, "the slow request was still pending")
        #expect(outcomes.count == 50)
        #expect(outcomes.filter { $0.0 != "200" }.map(\.0) == [])
        let slowest = outcomes.map(\.1).max() ?? .zero
        #expect(slowest < .seconds(2), "slowest fast request took \(slowest)")
        #expect(await slow.value == .timeout)
    }

    @Test func cancellingTheAwaitingTaskReturnsPromptlyAndClosesTheConnection() async throws {
        let upstream = try ScriptedServer(.silent)
        defer { upstream.stop() }
        let client = try HTTPClient()
        let task = Task { await clientError(client, HTTPClientRequest(url: upstream.url()), timeout: .seconds(30)) }
        #expect(await eventually { upstream.receivedRequests.count == 1 })
        let clock = ContinuousClock()
        let started = clock.now
        task.cancel()
        let error = await task.value
        #expect(error == .cancelled)
        #expect(clock.now - started < .seconds(3))
        #expect(await eventually { upstream.closedByClient == 1 })
    }

    @Test func alreadyCancelledTaskNeverConnects() async throws {
        let upstream = try ScriptedServer(.silent)
        defer { upstream.stop() }
        let client = try HTTPClient()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await clientError(client, HTTPClientRequest(url: upstream.url()), timeout: .seconds(30))
        }
        #expect(await task.value == .cancelled)
        // A following request on the same client still works: the loop dropped the cancelled one.
        let working = try ScriptedServer(replying: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        defer { working.stop() }
        #expect(try await get(client, working.url()).status.code == 200)
        #expect(upstream.acceptedConnections == 0)
    }

    @Test func zeroTimeoutFailsAtOnce() async throws {
        let upstream = try ScriptedServer(.silent)
        defer { upstream.stop() }
        #expect(await clientError(try HTTPClient(), HTTPClientRequest(url: upstream.url()), timeout: .zero) == .timeout)
    }

    @Test func releasedClientStopsItsLoop() async throws {
        // Many short-lived clients: each loop thread must exit when its client goes away (no descriptor leak).
        let upstream = try ScriptedServer(replying: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx")
        defer { upstream.stop() }
        let before = openDescriptorCount()
        for _ in 0..<20 {
            let client = try HTTPClient()
            #expect(try await get(client, upstream.url()).text == "x")
        }
        #expect(
            await eventually { openDescriptorCount() <= before + 2 },
            "descriptors: \(before) → \(openDescriptorCount())"
        )
    }
}

/// A flag set from another task.
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func raise() { value.store(true, ordering: .relaxed) }
    var isRaised: Bool { value.load(ordering: .relaxed) }
}

/// Open descriptors of this process.
private func openDescriptorCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
}
