public import FoundationEssentials
public import OmniCrypto

/// Verifies compact JWS tokens against a fixed key set and an explicit algorithm allow-list,
/// then validates their claims.
///
/// The order follows RFC 7515 §5.2 and RFC 8725: shape, header, algorithm allow-list, `crit`,
/// key selection (by `kid` only, never from header-supplied keys), signature, and only then
/// the claims, so nothing in an unauthenticated payload is acted upon.
public struct JWTVerifier: Sendable {
    enum Entry: Sendable {
        case rsa(RSAPublicKey, algorithm: String?, use: String?)
        case unusable(keyType: String, reason: String?)
    }

    /// Tokens longer than this are refused before any decoding.
    public var maximumTokenLength = 16 * 1024

    let allowedAlgorithms: Set<JWSAlgorithm>
    let byKeyID: [String: Entry]
    let all: [(keyID: String?, entry: Entry)]
    let headerCache = HeaderCache()

    /// A verifier for the keys of a JWK Set.
    ///
    /// Keys of other types, or RSA keys that cannot be used (e.g. under 2048 bits), are kept as
    /// unusable so that a token naming them fails with a precise error.
    ///
    /// - Throws: ``JWTError/unsupportedAlgorithm(_:)`` if the allow-list is empty or names an
    ///   algorithm this library does not implement.
    public init(keys: JWKS, allowedAlgorithms: Set<JWSAlgorithm>) throws(JWTError) {
        var entries: [(keyID: String?, entry: Entry)] = []
        for jwk in keys.keys {
            let entry: Entry
            if jwk.keyType == .rsa {
                do {
                    entry = .rsa(try jwk.rsaPublicKey(), algorithm: jwk.algorithm, use: jwk.use)
                } catch {
                    guard case .unusableKey(_, let reason) = error else { throw error }
                    entry = .unusable(keyType: jwk.keyType.rawValue, reason: reason)
                }
            } else {
                entry = .unusable(keyType: jwk.keyType.rawValue, reason: nil)
            }
            entries.append((jwk.keyID, entry))
        }
        try self.init(entries: entries, allowedAlgorithms: allowedAlgorithms)
    }

    /// A verifier for RSA public keys by `kid` (each taken as an RS256 signing key).
    public init(keys: [String: RSAPublicKey], allowedAlgorithms: Set<JWSAlgorithm>) throws(JWTError) {
        let entries = keys.sorted { $0.key < $1.key }.map {
            (keyID: Optional($0.key), entry: Entry.rsa($0.value, algorithm: nil, use: nil))
        }
        try self.init(entries: entries, allowedAlgorithms: allowedAlgorithms)
    }

    init(entries: [(keyID: String?, entry: Entry)], allowedAlgorithms: Set<JWSAlgorithm>) throws(JWTError) {
        guard !allowedAlgorithms.isEmpty else { throw .unsupportedAlgorithm("(empty allow-list)") }
        for algorithm in allowedAlgorithms where !JWSAlgorithm.implemented.contains(algorithm) {
            throw .unsupportedAlgorithm(algorithm.rawValue)
        }
        self.allowedAlgorithms = allowedAlgorithms
        self.all = entries
        var byKeyID: [String: Entry] = [:]
        for (keyID, entry) in entries {
            // RFC 7517 §4.5 says kids SHOULD be distinct; should a set repeat one, the first wins.
            if let keyID, byKeyID[keyID] == nil { byKeyID[keyID] = entry }
        }
        self.byKeyID = byKeyID
    }

    /// Verifies `token` and validates it against `policy` at `now`.
    ///
    /// - Throws: ``JWTError`` naming the first check that failed.
    public func verify<Custom: Codable & Sendable>(
        _ token: String,
        as _: Custom.Type = NoCustomClaims.self,
        policy: JWTValidationPolicy,
        now: Date = Date()
    ) throws(JWTError) -> VerifiedJWT<Custom> {
        let (header, payload) = try verifySignature(token)
        try policy.validate(header: header)
        let claims: JWTClaims<Custom>
        do {
            claims = try JSONValueDecoder.decode(JWTClaims<Custom>.self, from: payload)
        } catch {
            throw .invalidJSON(part: .payload, reason: Self.reason(error))
        }
        try policy.validate(claims: claims, now: now)
        return VerifiedJWT(header: header, claims: claims)
    }

    /// Checks shape, header, algorithm, key and signature (no claim is looked at).
    ///
    /// - Returns: the header and the raw payload bytes.
    public func verifySignature(_ token: String) throws(JWTError) -> (header: JWSHeader, payload: [UInt8]) {
        var token = token
        guard token.utf8.count <= maximumTokenLength else {
            throw .tokenTooLarge(length: token.utf8.count, maximum: maximumTokenLength)
        }
        return try token.withUTF8 { verifySignature(utf8: $0) }.get()
    }

    func verifySignature(
        utf8 token: UnsafeBufferPointer<UInt8>
    ) -> Result<(header: JWSHeader, payload: [UInt8]), JWTError> {
        // RFC 7515 §7.1: BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature).
        var dots: [Int] = []
        for index in token.indices where token[index] == UInt8(ascii: ".") {
            dots.append(index)
            if dots.count > 4 { break }
        }
        guard dots.count == 2 else { return .failure(.malformed(reason: "expected 3 parts, found \(dots.count + 1)")) }
        let headerPart = UnsafeBufferPointer(rebasing: token[..<dots[0]])
        let payloadPart = UnsafeBufferPointer(rebasing: token[(dots[0] + 1)..<dots[1]])
        let signaturePart = UnsafeBufferPointer(rebasing: token[(dots[1] + 1)...])
        guard !headerPart.isEmpty else { return .failure(.malformed(reason: "empty header")) }
        guard !signaturePart.isEmpty else { return .failure(.malformed(reason: "empty signature")) }

        let headerKey = String(decoding: headerPart, as: UTF8.self)
        let header: JWSHeader
        if let cached = headerCache.header(for: headerKey) {
            header = cached
        } else {
            guard case .success(let headerBytes) = Base64URL.decode(bytes: headerPart) else {
                return .failure(.invalidBase64URL(part: .header))
            }
            do {
                header = try JSONValueDecoder.decode(JWSHeader.self, from: headerBytes)
            } catch {
                return .failure(.invalidJSON(part: .header, reason: Self.reason(error)))
            }
        }

        let key: RSAPublicKey
        do {
            key = try checkHeaderAndSelectKey(header)
        } catch {
            return .failure(error)
        }

        guard case .success(let payload) = Base64URL.decode(bytes: payloadPart) else {
            return .failure(.invalidBase64URL(part: .payload))
        }
        guard case .success(let signature) = Base64URL.decode(bytes: signaturePart) else {
            return .failure(.invalidBase64URL(part: .signature))
        }
        // RFC 7515 §5.2 step 8: the signature covers ASCII(encoded header '.' encoded payload).
        let signingInput = UnsafeBufferPointer(rebasing: token[..<dots[1]])
        guard key.verifyRS256(signature: signature, data: signingInput) else { return .failure(.signatureInvalid) }
        // Only headers of genuinely signed tokens are remembered, so forgeries cannot fill the cache.
        headerCache.remember(header, for: headerKey)
        return .success((header, payload))
    }

    func checkHeaderAndSelectKey(_ header: JWSHeader) throws(JWTError) -> RSAPublicKey {
        // RFC 8725 §3.1: never "none"; only algorithms on the caller's list.
        guard header.algorithm.lowercased() != "none" else { throw .algorithmNone }
        let algorithm = JWSAlgorithm(rawValue: header.algorithm)
        guard allowedAlgorithms.contains(algorithm) else { throw .algorithmNotAllowed(header.algorithm) }
        try header.verifyCritical()
        return try selectKey(keyID: header.keyID, algorithm: algorithm)
    }

    func selectKey(keyID: String?, algorithm: JWSAlgorithm) throws(JWTError) -> RSAPublicKey {
        let entry: Entry
        if let keyID {
            guard let found = byKeyID[keyID] else { throw .unknownKeyID(keyID) }
            entry = found
        } else {
            guard let only = all.first else { throw .noKeys }
            guard all.count == 1 else { throw .missingKeyID }
            entry = only.entry
        }
        switch entry {
        case .unusable(let keyType, let reason):
            if let reason { throw .unusableKey(keyID: keyID, reason: reason) }
            throw .keyTypeMismatch(keyID: keyID, keyType: keyType)
        case .rsa(let key, let keyAlgorithm, let use):
            // RFC 7517 §4.4: a key's "alg" names the algorithm it is intended for.
            if let keyAlgorithm, keyAlgorithm != algorithm.rawValue {
                throw .keyAlgorithmMismatch(
                    keyID: keyID,
                    keyAlgorithm: keyAlgorithm,
                    headerAlgorithm: algorithm.rawValue
                )
            }
            // RFC 7517 §4.2: "sig" is the only use that verifies signatures.
            if let use, use != "sig" { throw .keyUseMismatch(keyID: keyID, use: use) }
            return key
        }
    }

    /// A short reason for a decoding failure; member names from the token are truncated.
    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _):
            return "missing \(key.stringValue.prefix(64))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? String(context.debugDescription.prefix(96)) : "bad value at \(path.prefix(64))"
        default:
            return "undecodable"
        }
    }
}
