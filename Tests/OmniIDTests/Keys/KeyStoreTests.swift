import Foundation
import OmniCrypto
import OmniID
import OmniJWT
import Synchronization
import XCTest

final class KeyStoreTests: XCTestCase {
    var directory: String!
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let delay: TimeInterval = 900
    let lifetime: TimeInterval = 3600

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "keystore-\(UUID().uuidString)/keys"
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent)
    }

    func open(now: Date? = nil) throws -> KeyStore {
        try KeyStore.load(dir: directory, activationDelay: delay, maxTokenLifetime: lifetime, now: now ?? t0)
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1) & 0o777
    }

    func testFirstStartCreatesOneActiveKeyWithPrivateModes() throws {
        let store = try open()
        let keys = store.list(at: t0)
        XCTAssertEqual(keys.count, 1)
        XCTAssertEqual(keys[0].state, .active)
        let signer = try store.signingKey(at: t0)
        XCTAssertEqual(signer.keyID, keys[0].kid)
        XCTAssertEqual(try mode(directory), 0o700)
        XCTAssertEqual(try mode(directory + "/\(keys[0].kid).pem"), 0o600)
        XCTAssertEqual(store.publishedKeys(at: t0).keys.map(\.keyID), [keys[0].kid])
        // kid is the RFC 7638 thumbprint of the published key.
        XCTAssertEqual(try store.publishedKeys(at: t0).keys[0].thumbprint(), keys[0].kid)

        // A second start reuses the key.
        XCTAssertEqual(try open().list(at: t0).map(\.kid), [keys[0].kid])
    }

    func testGroupReadablePEMIsRefusedNamingTheFile() throws {
        let kid = try open().list(at: t0)[0].kid
        let path = directory + "/\(kid).pem"
        XCTAssertEqual(chmod(path, 0o640), 0)
        XCTAssertThrowsError(try open()) {
            XCTAssertEqual($0 as? KeyStoreError, .insecureKeyFile(path: path, mode: 0o640))
            XCTAssertTrue("\($0)".contains(path))
        }
    }

    func testErrorsAndDescriptionsNeverContainKeyBytes() throws {
        let store = try open()
        let kid = store.list(at: t0)[0].kid
        let pem = try String(contentsOfFile: directory + "/\(kid).pem", encoding: .utf8)
        let body = pem.split(separator: "\n").dropFirst().first.map(String.init) ?? "x"
        XCTAssertFalse("\(try store.signingKey(at: t0))".contains(body))
        XCTAssertFalse(String(reflecting: store.list(at: t0)).contains(body))
    }

    func testRotationPublishesAtOnceAndSignsAfterTheDelay() throws {
        let store = try open()
        let first = try store.signingKey(at: t0).keyID
        let rotatedAt = t0.addingTimeInterval(100)
        let second = try store.rotate(now: rotatedAt).kid
        let activation = rotatedAt.addingTimeInterval(delay)

        XCTAssertEqual(Set(store.publishedKeys(at: rotatedAt).keys.compactMap(\.keyID)), [first, second])
        XCTAssertEqual(store.list(at: rotatedAt).map(\.state), [.active, .next])
        XCTAssertEqual(try store.signingKey(at: activation.addingTimeInterval(-1)).keyID, first)

        XCTAssertEqual(try store.signingKey(at: activation).keyID, second)
        XCTAssertEqual(store.list(at: activation).map(\.state), [.retired, .active])
        let retired = store.list(at: activation)[0].record
        XCTAssertEqual(retired.retiredAt, activation)
        XCTAssertEqual(retired.expiresFromJWKSAt, activation.addingTimeInterval(lifetime))

        let lastMoment = activation.addingTimeInterval(lifetime - 1)
        XCTAssertEqual(Set(store.publishedKeys(at: lastMoment).keys.compactMap(\.keyID)), [first, second])
        XCTAssertEqual(
            store.publishedKeys(at: activation.addingTimeInterval(lifetime)).keys.compactMap(\.keyID),
            [second]
        )

        // The next rotation after that prunes the expired key and deletes its PEM.
        let later = activation.addingTimeInterval(lifetime + 10)
        try store.rotate(now: later)
        XCTAssertFalse(store.list(at: later).map(\.kid).contains(first))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/\(first).pem"))
    }

    func testTokensSignedBeforeAndAfterActivationVerifyAgainstPublishedKeys() throws {
        let store = try open()
        let claims = JWTClaims(
            subject: "m",
            expiration: ExpirationClaim(value: t0.addingTimeInterval(600)),
            custom: NoCustomClaims()
        )
        let before = try store.signingKey(at: t0).sign(claims)
        try store.rotate(now: t0)
        let after = try store.signingKey(at: t0.addingTimeInterval(delay)).sign(claims)
        let verifier = try JWTVerifier(
            keys: store.publishedKeys(at: t0.addingTimeInterval(delay)),
            allowedAlgorithms: [.rs256]
        )
        XCTAssertNoThrow(try verifier.verifySignature(before))
        XCTAssertNoThrow(try verifier.verifySignature(after))
    }

    func testReloadPicksUpRotationFromAnotherInstance() throws {
        let server = try open()
        let cli = try open()
        XCTAssertFalse(try server.reloadIfChanged(now: t0))
        let new = try cli.rotate(now: t0).kid
        XCTAssertTrue(try server.reloadIfChanged(now: t0))
        XCTAssertTrue(server.publishedKeys(at: t0).keys.contains { $0.keyID == new })
        XCTAssertEqual(try server.signingKey(at: t0.addingTimeInterval(delay)).keyID, new)
        XCTAssertFalse(try server.reloadIfChanged(now: t0))
    }

    func testConcurrentRotationsFromTwoInstancesBothLand() throws {
        let a = try open()
        let b = try open()
        let collected = Collected()
        let start = t0
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let store = index % 2 == 0 ? a : b
            if let kid = try? store.rotate(now: start.addingTimeInterval(Double(index))).kid { collected.append(kid) }
        }
        let kids = collected.values
        XCTAssertEqual(kids.count, 4)
        let reader = try open()
        let listed = reader.list(at: t0)
        XCTAssertEqual(listed.count, 5, "the first key plus four rotations")
        XCTAssertEqual(Set(listed.map(\.kid)), Set(kids).union([listed[0].kid]))
        // Exactly one key has no successor scheduled.
        XCTAssertEqual(listed.filter { $0.record.retiredAt == nil }.count, 1)
        let metadata = try Data(contentsOf: URL(fileURLWithPath: directory + "/keys.json"))
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: metadata) as? [String: Any])
    }

    func testTamperedKeyFileIsRefused() throws {
        let kid = try open().list(at: t0)[0].kid
        let path = directory + "/\(kid).pem"
        let other = try RSAPrivateKey.generate().pkcs8PEM()
        try FileManager.default.removeItem(atPath: path)
        XCTAssertTrue(
            FileManager.default.createFile(
                atPath: path,
                contents: Data(other.utf8),
                attributes: [.posixPermissions: 0o600]
            )
        )
        XCTAssertThrowsError(try open()) {
            guard case .keyIDMismatch(let failing, let expected, _) = $0 as? KeyStoreError else {
                return XCTFail("\($0)")
            }
            XCTAssertEqual(failing, path)
            XCTAssertEqual(expected, kid)
        }
    }
}

final class Collected: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ value: String) { storage.withLock { $0.append(value) } }
    var values: [String] { storage.withLock { $0 } }
}
