import Foundation
import OmniID
import OmniStore
import XCTest

final class MemberDirectoryTests: XCTestCase {
    private var database: SQLiteDatabase!
    private var directory: MemberDirectory!
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    override func setUp() async throws {
        database = try SQLiteDatabase.temporary()
        _ = try await Schema.migrator.migrate(database)
        directory = MemberDirectory(database: database)
    }

    override func tearDown() async throws {
        database.close()
    }

    func testGeneratedMemberIDsAreWellFormedAndDistinct() throws {
        let ids = try (0..<200).map { _ in try MemberID.generate().rawValue }
        XCTAssertTrue(ids.allSatisfy(MemberID.isWellFormed))
        XCTAssertEqual(Set(ids).count, 200)
    }

    func testFirstSignInCreatesTheMemberWithAllProvenIdentities() async throws {
        let unionID = Identity(kind: .wechatUnionID, value: "o6_bmasdasdsad6_2sgVt7hMZOPfL")
        let outcome = try await directory.signIn(proving: [.phone("+8613800000001"), unionID], now: now)
        XCTAssertTrue(outcome.created)
        XCTAssertEqual(Set(outcome.linked), [.phone("+8613800000001"), unionID])
        let identities = try await directory.identities(of: outcome.memberID)
        XCTAssertEqual(Set(identities), [.phone("+8613800000001"), unionID])
    }

    func testKnownIdentitySignsInItsMemberAndLinksTheUnownedOnes() async throws {
        let first = try await directory.signIn(proving: [.phone("+8613800000002")], now: now)
        let openID = Identity(kind: .wechatOpenID, value: "oABC", appID: "wx123")
        let second = try await directory.signIn(proving: [openID, .phone("+8613800000002")], now: now)
        XCTAssertFalse(second.created)
        XCTAssertEqual(second.memberID, first.memberID)
        XCTAssertEqual(second.linked, [openID])
        XCTAssertEqual(second.conflictingMembers, [])
        let again = try await directory.signIn(proving: [openID], now: now)
        XCTAssertEqual(again.memberID, first.memberID)
        XCTAssertEqual(again.linked, [])
    }

    func testIdentitiesOfTwoMembersSignInTheStrongestAndRecordAMergeCandidateWithoutMovingAnything() async throws {
        let unionID = Identity(kind: .wechatUnionID, value: "union-1")
        let byPhone = try await directory.signIn(proving: [.phone("+8613800000003")], now: now)
        let byWeChat = try await directory.signIn(proving: [unionID], now: now)
        XCTAssertNotEqual(byPhone.memberID, byWeChat.memberID)

        let clash = try await directory.signIn(proving: [unionID, .phone("+8613800000003")], now: now)
        XCTAssertEqual(clash.memberID, byPhone.memberID, "phone is stronger than unionid")
        XCTAssertEqual(clash.conflictingMembers, [byWeChat.memberID])
        XCTAssertEqual(clash.linked, [])
        let phoneIdentities = try await directory.identities(of: byPhone.memberID)
        let wechatIdentities = try await directory.identities(of: byWeChat.memberID)
        XCTAssertEqual(phoneIdentities, [.phone("+8613800000003")])
        XCTAssertEqual(wechatIdentities, [unionID])

        _ = try await directory.signIn(proving: [.phone("+8613800000003"), unionID], now: now)
        let candidates = try await directory.mergeCandidates()
        XCTAssertEqual(candidates.count, 1, "one candidate per pair, however often the clash is seen")
        XCTAssertEqual(Set([candidates[0].memberA, candidates[0].memberB]), [byPhone.memberID, byWeChat.memberID])
        XCTAssertEqual(candidates[0].identityKind, .wechatUnionID)
    }

    func testClashBetweenUnionIDAndOpenIDGoesToTheUnionIDMember() async throws {
        let unionID = Identity(kind: .wechatUnionID, value: "union-2")
        let openID = Identity(kind: .wechatOpenID, value: "open-2", appID: "wxapp")
        let byOpenID = try await directory.signIn(proving: [openID], now: now)
        let byUnionID = try await directory.signIn(proving: [unionID], now: now)
        let clash = try await directory.signIn(proving: [openID, unionID], now: now)
        XCTAssertEqual(clash.memberID, byUnionID.memberID)
        XCTAssertEqual(clash.conflictingMembers, [byOpenID.memberID])
    }

    func testSignInFollowsMergedIntoToTheSurvivor() async throws {
        let source = try await directory.signIn(proving: [.phone("+8613800000004")], now: now)
        let survivor = try await directory.signIn(proving: [.phone("+8613800000005")], now: now)
        let target = try await database.write { db in
            try db.execute(
                "INSERT INTO members (id, created_at) VALUES ('m_aaaaaaaaaaaaaaaaaaaaaaaaaa', 0)"
            )
            try db.execute(
                "UPDATE members SET merged_into = ? WHERE id = ?",
                [.text("m_aaaaaaaaaaaaaaaaaaaaaaaaaa"), .text(source.memberID.rawValue)]
            )
            try db.execute(
                "UPDATE members SET merged_into = ? WHERE id = 'm_aaaaaaaaaaaaaaaaaaaaaaaaaa'",
                [.text(survivor.memberID.rawValue)]
            )
            return survivor.memberID
        }
        let outcome = try await directory.signIn(proving: [.phone("+8613800000004")], now: now)
        XCTAssertEqual(outcome.memberID, target)
    }

    func testFiftyConcurrentFirstSignInsWithOnePhoneMakeOneMember() async throws {
        let directory = self.directory!
        let now = self.now
        let members = try await withThrowingTaskGroup(of: MemberID.self) { group in
            for _ in 0..<50 {
                group.addTask { try await directory.signIn(proving: [.phone("+8613800000006")], now: now).memberID }
            }
            return try await group.reduce(into: Set<MemberID>()) { $0.insert($1) }
        }
        XCTAssertEqual(members.count, 1)
        let count = try await database.read { db in
            try db.queryOne("SELECT COUNT(*) AS n FROM members")?.get(Int.self, "n")
        }
        XCTAssertEqual(count, 1)
    }

    func testConcurrentFirstSignInsThroughTwoDatabaseHandlesMakeOneMember() async throws {
        // Two handles on one file behave like two server processes sharing the database.
        let second = try SQLiteDatabase(path: database.path)
        defer { second.close() }
        let directories = [directory!, MemberDirectory(database: second)]
        let now = self.now
        let members = try await withThrowingTaskGroup(of: MemberID.self) { group in
            for index in 0..<50 {
                let directory = directories[index % 2]
                group.addTask { try await directory.signIn(proving: [.phone("+8613800000007")], now: now).memberID }
            }
            return try await group.reduce(into: Set<MemberID>()) { $0.insert($1) }
        }
        XCTAssertEqual(members.count, 1)
        let count = try await database.read { db in
            try db.queryOne("SELECT COUNT(*) AS n FROM members")?.get(Int.self, "n")
        }
        XCTAssertEqual(count, 1)
    }

    func testAUniqueViolationIsRetriedOnceAndOnlyOnce() async throws {
        let attempts = Attempts()
        let value = try await MemberDirectory.retryingOnUniqueViolation {
            if await attempts.next() == 1 { throw StoreError.constraintViolation(.unique, message: "race", sql: nil) }
            return 42
        }
        XCTAssertEqual(value, 42)
        let again = Attempts()
        do {
            _ = try await MemberDirectory.retryingOnUniqueViolation { () async throws -> Int in
                _ = await again.next()
                throw StoreError.constraintViolation(.unique, message: "race", sql: nil)
            }
            XCTFail("expected the second violation to surface")
        } catch StoreError.constraintViolation(.unique, _, _) {
            let count = await again.count
            XCTAssertEqual(count, 2)
        }
    }

    func testSignInWithNoIdentityIsRefused() async throws {
        do {
            _ = try await directory.signIn(proving: [], now: now)
            XCTFail("expected an error")
        } catch let error as OAuthError {
            XCTAssertEqual(error.code, .invalidRequest)
        }
    }
}

private actor Attempts {
    private(set) var count = 0
    func next() -> Int {
        count += 1
        return count
    }
}
