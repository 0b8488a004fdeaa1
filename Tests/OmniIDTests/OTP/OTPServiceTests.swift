import Foundation
import OmniID
import OmniStore
import XCTest

final class OTPServiceTests: XCTestCase {
    private var database: SQLiteDatabase!
    private var otp: OTPService!
    private let start = Date(timeIntervalSince1970: 1_800_000_000)
    private let phone = "+8613800000001"

    override func setUp() async throws {
        database = try SQLiteDatabase.temporary()
        _ = try await Schema.migrator.migrate(database)
        otp = OTPService(
            database: database,
            secret: ServerSecret(bytes: Array(repeating: 7, count: 32)),
            policy: OTPPolicy(sendsPerPhonePerMinute: 1, sendsPerPhonePerDay: 3, sendsPerIPPerHour: 100)
        )
    }

    override func tearDown() async throws {
        database.close()
    }

    func testCodesAreSixDigitsAndSpreadOverTheRange() throws {
        let codes = try (0..<2000).map { _ in try OTPCode.generate() }
        XCTAssertTrue(codes.allSatisfy(OTPCode.isWellFormed))
        XCTAssertGreaterThan(Set(codes).count, 1990)
        XCTAssertTrue(codes.contains { $0.hasPrefix("0") }, "leading zeros are kept")
    }

    func testTheCodeIsStoredOnlyAsAnHMAC() async throws {
        let code = try await otp.issue(purpose: "p", phone: phone, ip: "127.0.0.1", now: start)
        let stored = try await database.read { db in
            try db.queryOne("SELECT code_hash FROM otp_challenges")?.get([UInt8].self, "code_hash")
        }
        XCTAssertEqual(stored?.count, 32)
        XCTAssertNotEqual(stored, Array(code.utf8))
    }

    func testRightCodeIsAcceptedOnce() async throws {
        let code = try await otp.issue(purpose: "p", phone: phone, ip: "127.0.0.1", now: start)
        let first = try await otp.check(purpose: "p", phone: phone, code: code, now: start.addingTimeInterval(10))
        XCTAssertEqual(first, .accepted)
        let second = try await otp.check(purpose: "p", phone: phone, code: code, now: start.addingTimeInterval(11))
        XCTAssertEqual(second, .expired)
    }

    func testFiveWrongCodesKillTheCodeEvenForTheRightOne() async throws {
        let code = try await otp.issue(purpose: "p", phone: phone, ip: "127.0.0.1", now: start)
        let wrong = code == "000000" ? "111111" : "000000"
        var answers: [OTPCheck] = []
        for _ in 0..<5 { answers.append(try await otp.check(purpose: "p", phone: phone, code: wrong, now: start)) }
        XCTAssertEqual(answers, [4, 3, 2, 1, 0].map { .wrong(attemptsLeft: $0) })
        let right = try await otp.check(purpose: "p", phone: phone, code: code, now: start)
        XCTAssertEqual(right, .expired)
    }

    func testCodeExpiresAfterFiveMinutes() async throws {
        let code = try await otp.issue(purpose: "p", phone: phone, ip: "127.0.0.1", now: start)
        let late = try await otp.check(purpose: "p", phone: phone, code: code, now: start.addingTimeInterval(301))
        XCTAssertEqual(late, .expired)
    }

    func testANewSendSupersedesTheOlderCode() async throws {
        let old = try await otp.issue(purpose: "p", phone: phone, ip: "127.0.0.1", now: start)
        let new = try await otp.issue(purpose: "p", phone: phone, ip: "127.0.0.1", now: start.addingTimeInterval(61))
        if old != new {
            let answer = try await otp.check(purpose: "p", phone: phone, code: old, now: start.addingTimeInterval(62))
            XCTAssertEqual(answer, .wrong(attemptsLeft: 4))
        }
        let answer = try await otp.check(purpose: "p", phone: phone, code: new, now: start.addingTimeInterval(62))
        XCTAssertEqual(answer, .accepted)
    }

    func testSecondSendWithinAMinuteIsSlowedDownWithRetryAfter() async throws {
        _ = try await otp.issue(purpose: "p", phone: phone, ip: "127.0.0.1", now: start)
        do {
            _ = try await otp.issue(purpose: "p", phone: phone, ip: "127.0.0.1", now: start.addingTimeInterval(20))
            XCTFail("expected slow_down")
        } catch let error as OAuthError {
            XCTAssertEqual(error.code, .slowDown)
            XCTAssertEqual(error.retryAfter, 40)
        }
        _ = try await otp.issue(purpose: "p", phone: phone, ip: "127.0.0.1", now: start.addingTimeInterval(61))
    }

    func testDailyLimitPerPhone() async throws {
        for minute in 0..<3 {
            _ = try await otp.issue(
                purpose: "p",
                phone: phone,
                ip: "127.0.0.1",
                now: start.addingTimeInterval(Double(minute) * 120)
            )
        }
        do {
            _ = try await otp.issue(purpose: "p", phone: phone, ip: "127.0.0.1", now: start.addingTimeInterval(3600))
            XCTFail("expected slow_down")
        } catch let error as OAuthError {
            XCTAssertEqual(error.code, .slowDown)
            XCTAssertEqual(error.retryAfter, 86_400 - 3600)
        }
        // Another phone is not affected.
        _ = try await otp.issue(purpose: "p", phone: "+8613800000002", ip: "127.0.0.1", now: start)
    }

    func testPerIPLimit() async throws {
        let strict = OTPService(
            database: database,
            secret: ServerSecret(bytes: Array(repeating: 7, count: 32)),
            policy: OTPPolicy(sendsPerIPPerHour: 2)
        )
        _ = try await strict.issue(purpose: "p", phone: "+8613800000011", ip: "10.0.0.1", now: start)
        _ = try await strict.issue(purpose: "p", phone: "+8613800000012", ip: "10.0.0.1", now: start)
        do {
            _ = try await strict.issue(purpose: "p", phone: "+8613800000013", ip: "10.0.0.1", now: start)
            XCTFail("expected slow_down")
        } catch let error as OAuthError {
            XCTAssertEqual(error.code, .slowDown)
            XCTAssertEqual(error.retryAfter, 3600)
        }
    }

    func testOutboxWritesOneJSONLinePerMessageWithPrivatePermissions() async throws {
        let path = NSTemporaryDirectory() + "omniid-outbox-\(UUID().uuidString)/sub/outbox.jsonl"
        let sender = OutboxSMSSender(path: path)
        try await sender.send(.signInCode("012345", to: phone, validMinutes: 5, at: start))
        try await sender.send(.signInCode("999999", to: phone, validMinutes: 5, at: start))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String]
        XCTAssertEqual(first?["to"], phone)
        XCTAssertEqual(first?["code"], "012345")
        XCTAssertEqual(first?["at"], "2027-01-15T08:00:00Z")
        XCTAssertTrue(first?["text"]?.contains("012345") == true)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }
}
