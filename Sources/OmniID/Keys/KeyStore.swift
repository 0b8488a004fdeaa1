public import FoundationEssentials
import OmniCrypto
public import OmniJWT
import Synchronization

/// The signing keys in `keys_dir`: one PKCS#8 PEM per key (`<kid>.pem`, mode 0600, folder
/// 0700) and `keys.json` with each key's times.
///
/// Rotation publishes first and signs later: ``rotate(now:)`` adds a key that is in JWKS at
/// once but signs only from `now + activationDelay`, so relying parties' JWKS caches learn it
/// before the first token they must verify with it. The previous key then retires and stays in
/// JWKS until `activates_at + maxTokenLifetime`, when the last token it signed has expired.
///
/// States are computed from the times at the moment of the question (``signingKey(at:)``,
/// ``publishedKeys(at:)``), so a running server and an `omniid keys rotate` in another process
/// agree without talking to each other; the server calls ``reloadIfChanged()`` every few
/// seconds to pick up new metadata. Writers (first start, rotation) hold an advisory `flock`
/// on `keys.lock` around their read-modify-write, so two rotations never lose each other.
///
/// Once a retired key has left JWKS, a rotation deletes its PEM and its record: a private key
/// nobody may verify with any more is only a liability.
public final class KeyStore: Sendable {
    /// The folder.
    public let directory: String
    /// Time between publishing a key and signing with it.
    public let activationDelay: TimeInterval
    /// The longest lifetime of any token a key signs (max of access and ID token TTLs).
    public let maxTokenLifetime: TimeInterval

    struct Snapshot {
        var metadata: KeyMetadata
        var keys: [String: RSAPrivateKey]
        var signature: KeyFiles.Signature?
        /// Signers made so far, by `kid`: a signer encodes its headers once, so it is made once per
        /// key, not per token. Dropped with the snapshot when the keys are reloaded.
        var signers: [String: JWTSigner] = [:]
    }

    private let snapshot: Mutex<Snapshot>

    var metadataPath: String { directory + "/keys.json" }
    var lockPath: String { directory + "/keys.lock" }
    func keyPath(_ kid: String) -> String { directory + "/" + kid + ".pem" }

    private init(directory: String, activationDelay: TimeInterval, maxTokenLifetime: TimeInterval, snapshot: Snapshot) {
        self.directory = directory
        self.activationDelay = activationDelay
        self.maxTokenLifetime = maxTokenLifetime
        self.snapshot = Mutex(snapshot)
    }

    /// Opens (creating on first start) the key store in `dir`.
    ///
    /// On first start the folder is created 0700 and an RSA-2048 key is generated, active at
    /// once. Every PEM of a key still in JWKS is loaded and checked: mode (no group/world
    /// access), parse, and thumbprint against its `kid`.
    public static func load(
        dir: String,
        activationDelay: TimeInterval,
        maxTokenLifetime: TimeInterval,
        now: Date = Date()
    ) throws -> KeyStore {
        let directory = dir.count > 1 && dir.hasSuffix("/") ? String(dir.dropLast()) : dir
        try KeyFiles.ensureDirectory(directory)
        let store = KeyStore(
            directory: directory,
            activationDelay: activationDelay,
            maxTokenLifetime: maxTokenLifetime,
            snapshot: Snapshot(metadata: KeyMetadata(keys: []), keys: [:], signature: nil)
        )
        try KeyFiles.withExclusiveLock(store.lockPath) {
            guard !KeyFiles.exists(store.metadataPath) else { return }
            let record = try store.createKey(now: now, activatesAt: now)
            try store.writeMetadata(KeyMetadata(keys: [record]))
        }
        _ = try store.reload(force: true, now: now)
        return store
    }

    // MARK: Reading

    /// The signer for tokens issued at `now`: its `kid` is the key's thumbprint.
    public func signingKey(at now: Date) throws -> JWTSigner {
        try snapshot.withLock { snapshot in
            guard let record = snapshot.metadata.signingRecord(at: now), let key = snapshot.keys[record.kid] else {
                throw KeyStoreError.noSigningKey
            }
            if let signer = snapshot.signers[record.kid] { return signer }
            let signer = JWTSigner(key: key, keyID: record.kid)
            snapshot.signers[record.kid] = signer
            return signer
        }
    }

    /// The JWK Set to serve at `now`: next, active and not-yet-expired retired keys, newest first.
    public func publishedKeys(at now: Date) -> JWKS {
        snapshot.withLock { snapshot in
            let records = snapshot.metadata.keys.filter { $0.isPublished(at: now) }
                .sorted { $0.activatesAt > $1.activatesAt }
            return JWKS(
                keys: records.compactMap { record in
                    snapshot.keys[record.kid].map { JWK(rsa: $0.publicKey, keyID: record.kid) }
                }
            )
        }
    }

    /// Every key in the metadata with its state at `now`, oldest first (for `omniid keys list`).
    public func list(at now: Date) -> [KeyInfo] {
        snapshot.withLock { snapshot in
            snapshot.metadata.keys.sorted { $0.activatesAt < $1.activatesAt }.map {
                KeyInfo(record: $0, state: $0.state(at: now), published: $0.isPublished(at: now))
            }
        }
    }

    /// Re-reads `keys.json` if it changed on disk (inode, size or mtime), loading any new PEMs.
    ///
    /// - Returns: whether anything was re-read.
    @discardableResult
    public func reloadIfChanged(now: Date = Date()) throws -> Bool {
        try reload(force: false, now: now)
    }

    // MARK: Writing

    /// Adds a key that is published now and signs from `now + activationDelay`, and schedules
    /// the retirement of the key it supersedes. Runs under the folder's lock against the
    /// metadata on disk (not this process's copy), so concurrent rotations both land.
    ///
    /// - Returns: the new key.
    @discardableResult
    public func rotate(now: Date = Date()) throws -> KeyInfo {
        let record = try KeyFiles.withExclusiveLock(lockPath) { () throws -> KeyRecord in
            var metadata = try readMetadata()
            let activatesAt = now.addingTimeInterval(activationDelay)
            let record = try createKey(now: now, activatesAt: activatesAt)
            // The key that would otherwise go on signing: the latest not yet scheduled to retire.
            if let index = metadata.keys.indices.filter({ metadata.keys[$0].retiredAt == nil })
                .max(by: { metadata.keys[$0].activatesAt < metadata.keys[$1].activatesAt })
            {
                metadata.keys[index].retiredAt = activatesAt
                metadata.keys[index].expiresFromJWKSAt = activatesAt.addingTimeInterval(maxTokenLifetime)
            }
            let expired = metadata.keys.filter { !$0.isPublished(at: now) }
            metadata.keys.removeAll { !$0.isPublished(at: now) }
            metadata.keys.append(record)
            try writeMetadata(metadata)
            for old in expired { KeyFiles.remove(keyPath(old.kid)) }
            return record
        }
        _ = try reload(force: true, now: now)
        return KeyInfo(record: record, state: record.state(at: now), published: true)
    }

    // MARK: Internals

    func createKey(now: Date, activatesAt: Date) throws -> KeyRecord {
        let key = try RSAPrivateKey.generate(bits: 2048)
        let kid = key.publicKey.jwkThumbprint
        try KeyFiles.create(keyPath(kid), contents: Array(try key.pkcs8PEM().utf8), mode: 0o600)
        return KeyRecord(kid: kid, createdAt: now, activatesAt: activatesAt)
    }

    func readMetadata() throws -> KeyMetadata {
        let bytes = try KeyFiles.readFile(metadataPath)
        do {
            return try Self.decoder.decode(KeyMetadata.self, from: Data(bytes))
        } catch {
            throw KeyStoreError.invalidMetadata(path: metadataPath, reason: "\(error)")
        }
    }

    func writeMetadata(_ metadata: KeyMetadata) throws {
        let data = try Self.encoder.encode(metadata)
        try KeyFiles.replaceAtomically(metadataPath, contents: Array(data) + [0x0A], directory: directory)
    }

    func reload(force: Bool, now: Date) throws -> Bool {
        let signature = KeyFiles.signature(of: metadataPath)
        let current = snapshot.withLock { $0 }
        if !force, signature == current.signature { return false }
        let metadata = try readMetadata()
        var keys: [String: RSAPrivateKey] = [:]
        for record in metadata.keys where record.isPublished(at: now) || current.keys[record.kid] != nil {
            if let loaded = current.keys[record.kid] {
                keys[record.kid] = loaded
                continue
            }
            keys[record.kid] = try loadKey(record.kid)
        }
        snapshot.withLock { $0 = Snapshot(metadata: metadata, keys: keys, signature: signature) }
        return true
    }

    func loadKey(_ kid: String) throws -> RSAPrivateKey {
        let path = keyPath(kid)
        let pem = try KeyFiles.readPrivate(path)
        let key: RSAPrivateKey
        do {
            key = try RSAPrivateKey(pem: pem)
        } catch {
            throw KeyStoreError.invalidKeyFile(path: path, reason: "\(error)")
        }
        let thumbprint = key.publicKey.jwkThumbprint
        guard thumbprint == kid else {
            throw KeyStoreError.keyIDMismatch(path: path, expected: kid, actual: thumbprint)
        }
        return key
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
