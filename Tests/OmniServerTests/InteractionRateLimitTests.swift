import Foundation
import XCTest

@testable import OmniServer

/// OTP send limits over loopback (BRIEF: Bad input): per phone per minute and per day, per IP per hour,
/// counted in the database so that they survive a restart.
final class InteractionRateLimitTests: XCTestCase {
    private var server: TokenTestServer?

    override func tearDown() async throws { await server?.stop() }

    func testASecondSendWithinAMinuteIs429WithRetryAfter() async throws {
        let server = try await TokenTestServer.startForSignIn()
        self.server = server
        let uid = try await server.startInteraction()
        do {
            let answer = try await server.sendCode(uid: uid)
            XCTAssertEqual(answer.status, 204)
        }
        let again = try await server.sendCode(uid: uid)
        XCTAssertEqual(again.status, 429)
        XCTAssertEqual(again.string("error"), "slow_down")
        let retryAfter = try XCTUnwrap(again.header("Retry-After").flatMap { Int($0) })
        XCTAssertTrue((1...60).contains(retryAfter), "\(retryAfter)")
        // The same phone written differently is the same phone.
        let other = try await server.startInteraction()
        do {
            let answer = try await server.sendCode(uid: other, phone: "+86 138-0013-8000")
            XCTAssertEqual(answer.status, 429)
        }
        XCTAssertEqual(try server.outbox().count, 1)
    }

    func testThePerDayLimitHolds() async throws {
        let server = try await TokenTestServer.startForSignIn(
            rateLimits: #""otp_sends_per_phone_per_minute": 100, "otp_sends_per_phone_per_day": 3"#
        )
        self.server = server
        let uid = try await server.startInteraction()
        for _ in 0..<3 {
            do {
                let answer = try await server.sendCode(uid: uid)
                XCTAssertEqual(answer.status, 204)
            }
        }
        let fourth = try await server.sendCode(uid: uid)
        XCTAssertEqual(fourth.status, 429)
        let retryAfter = try XCTUnwrap(fourth.header("Retry-After").flatMap { Int($0) })
        XCTAssertTrue((86_000...86_400).contains(retryAfter), "\(retryAfter)")
        // A new send superseded the older codes: only the latest works.
        let codes = try server.outbox().compactMap { $0["code"] }
        if codes[0] != codes[2] {
            do {
                let answer = try await server.verifyCode(uid: uid, code: codes[0])
                XCTAssertEqual(answer.string("error"), "invalid_otp")
            }
        }
        do {
            let answer = try await server.verifyCode(uid: uid, code: codes[2])
            XCTAssertEqual(answer.status, 200)
        }
    }

    func testThePerIPLimitHoldsAcrossPhones() async throws {
        let server = try await TokenTestServer.startForSignIn(rateLimits: #""otp_sends_per_ip_per_hour": 2"#)
        self.server = server
        let uid = try await server.startInteraction()
        do {
            let answer = try await server.sendCode(uid: uid, phone: "13800000001")
            XCTAssertEqual(answer.status, 204)
        }
        do {
            let answer = try await server.sendCode(uid: uid, phone: "13800000002")
            XCTAssertEqual(answer.status, 204)
        }
        let third = try await server.sendCode(uid: uid, phone: "13800000003")
        XCTAssertEqual(third.status, 429)
        XCTAssertNotNil(third.header("Retry-After"))
    }

    func testLimitsSurviveARestart() async throws {
        let first = try await TokenTestServer.startForSignIn()
        let uid = try await first.startInteraction()
        do {
            let answer = try await first.sendCode(uid: uid)
            XCTAssertEqual(answer.status, 204)
        }
        // Same database, new process.
        await first.application.shutdown()
        let configuration = first.context.configuration
        let context = try await Application.openContext(
            configuration: configuration,
            logger: .init(label: "test", minimumLevel: .error)
        )
        let application = try Application(context: context, sweepSchedule: nil)
        let port = try application.start()[0].port
        defer { try? FileManager.default.removeItem(atPath: first.directory) }
        let request = Array(
            ("POST /interaction/\(uid)/otp/send HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 23\r\n\r\n{\"phone\":\"13800138000\"}").utf8
        )
        let again = try await onThread { try TokenTestServer.exchange(port: port, request) }
        await application.shutdown()
        XCTAssertEqual(again.status, 429)
    }
}
