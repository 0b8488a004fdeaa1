import Foundation
import OmniCrypto
import OmniID
import OmniStore
import XCTest

final class ClientRegistryTests: XCTestCase {
    private func registration(secret: String?) -> ClientRegistration {
        ClientRegistration(
            id: "web-shop",
            name: "Web",
            channel: .web,
            type: secret == nil ? .public : .confidential,
            secret: secret,
            redirectURIs: ["https://shop.example/cb"],
            grantTypes: ["authorization_code", "refresh_token"],
            scopes: ["openid", "offline_access"],
            wechatAppID: nil
        )
    }

    func testSecretsAreStoredHashedAndRehashedOnlyWhenTheyChange() async throws {
        let database = try SQLiteDatabase.temporary()
        defer { database.close() }
        try await Schema.migrator.migrate(database)
        let registry = ClientRegistry()
        try await registry.seed([registration(secret: "first-secret-0123456")], into: database, now: Date())
        let firstHash = try XCTUnwrap(registry.client(id: "web-shop")?.secretHash)
        XCTAssertTrue(firstHash.hasPrefix("scrypt$"))
        XCTAssertFalse(firstHash.contains("first-secret"))

        // Same secret on the next start: the stored hash is kept.
        let again = ClientRegistry()
        try await again.seed([registration(secret: "first-secret-0123456")], into: database, now: Date())
        XCTAssertEqual(again.client(id: "web-shop")?.secretHash, firstHash)

        // A new secret: a new hash, and the old secret no longer verifies.
        try await again.seed([registration(secret: "second-secret-0123456")], into: database, now: Date())
        let client = try XCTUnwrap(again.client(id: "web-shop"))
        XCTAssertNotEqual(client.secretHash, firstHash)
        let authenticator = ClientAuthenticator(registry: again)
        let ok = try await authenticator.authenticate(.basic(clientID: "web-shop", secret: "second-secret-0123456"))
        XCTAssertEqual(ok.id, "web-shop")
        do {
            _ = try await authenticator.authenticate(.post(clientID: "web-shop", secret: "first-secret-0123456"))
            XCTFail("the old secret still verified")
        } catch let error as OAuthError {
            XCTAssertEqual(error.code, .invalidClient)
        }
        let stored = try await database.read { db in
            try db.queryOne("SELECT secret_hash FROM clients WHERE client_id = 'web-shop'")?.get(
                String.self,
                "secret_hash"
            )
        }
        XCTAssertEqual(stored, client.secretHash)
    }

    func testRememberedSecretIsDroppedWhenTheStoredHashChanges() async throws {
        let verifier = ClientSecretVerifier()
        let hashA = try SecretHashFixture.hash("secret-a-0123456789")
        let hashB = try SecretHashFixture.hash("secret-b-0123456789")
        let clientA = SecretHashFixture.client(hash: hashA)
        let clientB = SecretHashFixture.client(hash: hashB)
        let first = try await verifier.verify("secret-a-0123456789", for: clientA)
        XCTAssertTrue(first)
        let remembered = try await verifier.verify("secret-a-0123456789", for: clientA)
        XCTAssertTrue(remembered)
        let wrong = try await verifier.verify("secret-x-0123456789", for: clientA)
        XCTAssertFalse(wrong)
        // The stored hash changed (secret rotated): the old secret is checked afresh and fails.
        let old = try await verifier.verify("secret-a-0123456789", for: clientB)
        XCTAssertFalse(old)
        let new = try await verifier.verify("secret-b-0123456789", for: clientB)
        XCTAssertTrue(new)
    }

    /// A flood of unremembered (wrong) secrets for one client fills that client's share of the
    /// scrypt queue; the rest are refused at once with 503 and `Retry-After`, not queued.
    func testAFloodOfWrongSecretsIsBoundedPerClient() async throws {
        let verifier = ClientSecretVerifier(maxWaitingPerClient: 2, maxWaiting: 3)
        let flooded = SecretHashFixture.client(hash: try SecretHashFixture.hash("secret-a-0123456789"))
        let outcomes = await withTaskGroup(of: String.self) { group in
            for index in 0..<12 {
                group.addTask {
                    do {
                        return try await verifier.verify("wrong-\(index)-0123456789", for: flooded) ? "ok" : "wrong"
                    } catch let error as OAuthError {
                        XCTAssertEqual(error.retryAfter, 1)
                        return error.code.rawValue
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        }
        XCTAssertEqual(outcomes["ok"], nil)
        XCTAssertGreaterThanOrEqual(outcomes["wrong", default: 0], 2, "\(outcomes)")
        XCTAssertGreaterThanOrEqual(outcomes["temporarily_unavailable", default: 0], 1, "\(outcomes)")
        XCTAssertEqual(outcomes.values.reduce(0, +), 12)

        // Once the flood has drained, the queue admits checks again, and a right secret verifies.
        let right = try await verifier.verify("secret-a-0123456789", for: flooded)
        XCTAssertTrue(right)
    }

    /// A burst of the same (right) secret before it is remembered shares one check: none is refused.
    func testABurstOfTheSameSecretSharesOneCheck() async throws {
        let verifier = ClientSecretVerifier(maxWaitingPerClient: 1, maxWaiting: 1)
        let client = SecretHashFixture.client(hash: try SecretHashFixture.hash("secret-a-0123456789"))
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<32 { group.addTask { try await verifier.verify("secret-a-0123456789", for: client) } }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        XCTAssertEqual(results, Array(repeating: true, count: 32))
    }

    func testPublicAndConfidentialRules() async throws {
        let database = try SQLiteDatabase.temporary()
        defer { database.close() }
        try await Schema.migrator.migrate(database)
        let registry = ClientRegistry()
        var app = registration(secret: nil)
        app.id = "mall-app"
        try await registry.seed([app, registration(secret: "web-secret-0123456789")], into: database, now: Date())
        let authenticator = ClientAuthenticator(registry: registry)
        let publicClient = try await authenticator.authenticate(.none(clientID: "mall-app"))
        XCTAssertEqual(publicClient.id, "mall-app")
        for credentials: ClientCredentials in [
            .none(clientID: "web-shop"), .post(clientID: "mall-app", secret: "x"), .none(clientID: "unknown"),
        ] {
            do {
                _ = try await authenticator.authenticate(credentials)
                XCTFail("\(credentials) was accepted")
            } catch let error as OAuthError {
                XCTAssertEqual(error.code, .invalidClient)
            }
        }
    }
}

enum SecretHashFixture {
    static func hash(_ secret: String) throws -> String { try SecretHash.scrypt(secret) }

    static func client(hash: String) -> Client {
        Client(
            id: "svc",
            name: "Service",
            channel: .service,
            type: .confidential,
            secretHash: hash,
            redirectURIs: [],
            grantTypes: ["client_credentials"],
            scopes: ScopeSet(["orders"]),
            wechatAppID: nil
        )
    }
}
