public import FoundationEssentials

/// Where a key is in its life. Derived from the record's times and the current time, never
/// stored, so every process reading the same `keys.json` agrees without coordination.
public enum KeyState: String, Sendable, Codable, Equatable {
    /// Published in JWKS, not yet signing (`now < activates_at`), so caches learn it first.
    case next
    /// The signing key.
    case active
    /// Superseded (`now >= retired_at`); published until `expires_from_jwks_at`, the moment
    /// the last token it signed expires.
    case retired
}

/// One key's entry in `keys.json`.
public struct KeyRecord: Codable, Sendable, Equatable {
    /// RFC 7638 thumbprint of the public key; also the PEM's file name (`<kid>.pem`).
    public var kid: String
    /// When the key was generated.
    public var createdAt: Date
    /// When it starts signing.
    public var activatesAt: Date
    /// When its successor starts signing (set by the rotation that creates the successor).
    public var retiredAt: Date?
    /// When it leaves JWKS: `retiredAt + maxTokenLifetime`.
    public var expiresFromJWKSAt: Date?

    enum CodingKeys: String, CodingKey {
        case kid
        case createdAt = "created_at"
        case activatesAt = "activates_at"
        case retiredAt = "retired_at"
        case expiresFromJWKSAt = "expires_from_jwks_at"
    }

    /// The state at `now`.
    public func state(at now: Date) -> KeyState {
        if now < activatesAt { return .next }
        if let retiredAt, now >= retiredAt { return .retired }
        return .active
    }

    /// Whether the key belongs in JWKS at `now`.
    public func isPublished(at now: Date) -> Bool {
        guard let expiresFromJWKSAt else { return true }
        return now < expiresFromJWKSAt
    }
}

/// A key as `omniid keys list` shows it.
public struct KeyInfo: Sendable, Equatable {
    /// The key's record.
    public var record: KeyRecord
    /// Its state at the time of listing.
    public var state: KeyState
    /// Whether it is in JWKS at the time of listing.
    public var published: Bool

    /// `kid`.
    public var kid: String { record.kid }
}

/// The content of `keys.json`.
struct KeyMetadata: Codable, Equatable {
    var version = 1
    var keys: [KeyRecord]

    /// The signing key at `now`: of the keys that have activated and are not retired, the one
    /// that activated last. Should the clock stand before every activation (set back after
    /// the first start), the earliest-activating key still signs rather than none.
    func signingRecord(at now: Date) -> KeyRecord? {
        let candidates = keys.filter { $0.state(at: now) == .active }
        if let latest = candidates.max(by: { $0.activatesAt < $1.activatesAt }) { return latest }
        return keys.filter { $0.isPublished(at: now) }.min { $0.activatesAt < $1.activatesAt }
    }
}
