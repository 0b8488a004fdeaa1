public import FoundationEssentials

/// Why a JWT was refused. Every rejection rule has its own case, so a caller (and a test) can
/// tell exactly which check failed; none of them carries the token itself.
public enum JWTError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A part of a compact JWS.
    public enum Part: String, Sendable {
        /// The JOSE header (first part).
        case header
        /// The payload (second part).
        case payload
        /// The signature (third part).
        case signature
    }

    // MARK: Shape

    /// Longer than the verifier accepts (a bound on work done before the signature is checked).
    case tokenTooLarge(length: Int, maximum: Int)
    /// Not three non-empty-header dot-separated parts (RFC 7515 §7.1; a 5-part JWE is refused too).
    case malformed(reason: String)
    /// A part is not canonical unpadded base64url (RFC 7515 §2).
    case invalidBase64URL(part: Part)
    /// The header or payload is not the JSON object expected (RFC 7515 §5.2 step 3; RFC 7519 §7.2
    /// step 10), or a claim has the wrong JSON type.
    case invalidJSON(part: Part, reason: String)

    // MARK: Header and algorithm

    /// `alg` is `none` (RFC 8725 §3.1: unsecured JWTs must never be accepted here).
    case algorithmNone
    /// `alg` is not on the verifier's allow-list (RFC 8725 §3.1), e.g. `HS256` against our RSA keys.
    case algorithmNotAllowed(String)
    /// The allow-list given to a verifier names an algorithm this library does not implement.
    case unsupportedAlgorithm(String)
    /// `crit` lists extensions we do not understand (RFC 7515 §4.1.11: the recipient "MUST
    /// reject the JWS" if it does not understand and process them).
    case unsupportedCriticalHeader([String])
    /// A header parameter has an invalid value (e.g. an empty `crit`, RFC 7515 §4.1.11:
    /// "Producers MUST NOT use the empty list").
    case invalidHeader(reason: String)
    /// `typ` is not one of the accepted types (RFC 9068 §4: reject any value other than
    /// `at+jwt` / `application/at+jwt` for access tokens; RFC 8725 §3.11).
    case typeNotAccepted(actual: String?, accepted: [String])

    // MARK: Key selection

    /// The verifier has no keys at all.
    case noKeys
    /// The header has no `kid` and the key set holds several keys, so the key is ambiguous.
    case missingKeyID
    /// No key in the set has this `kid`.
    case unknownKeyID(String)
    /// The `kid` names a key of another type (e.g. an `EC` or `oct` key for an RSA algorithm).
    case keyTypeMismatch(keyID: String?, keyType: String)
    /// The key's own `alg` (RFC 7517 §4.4) differs from the header's `alg`.
    case keyAlgorithmMismatch(keyID: String?, keyAlgorithm: String, headerAlgorithm: String)
    /// The key's `use` (RFC 7517 §4.2) is not `sig`.
    case keyUseMismatch(keyID: String?, use: String)
    /// The key is present but unusable (too small, invalid components): the reason says why.
    case unusableKey(keyID: String?, reason: String)

    // MARK: Signature

    /// The signature does not verify under the selected key (RFC 7515 §5.2 step 8).
    case signatureInvalid

    // MARK: Claims

    /// A claim the policy requires is absent.
    case missingClaim(String)
    /// `exp` is in the past, leeway included (RFC 7519 §4.1.4).
    case expired(expiration: Date, now: Date)
    /// `nbf` is in the future, leeway included (RFC 7519 §4.1.5).
    case notYetValid(notBefore: Date, now: Date)
    /// `iat` is in the future beyond the leeway (the token claims to come from the future).
    case issuedInFuture(issuedAt: Date, now: Date)
    /// `iss` is not the expected issuer (RFC 9068 §4; OpenID Connect Core §3.1.3.7 step 2).
    case issuerMismatch(expected: String, actual: String?)
    /// `aud` does not contain this audience (RFC 7519 §4.1.3: "the JWT MUST be rejected").
    case audienceMismatch(expected: String, actual: [String])

    /// A one-line explanation, safe to log (it never contains the token).
    public var description: String {
        switch self {
        case .tokenTooLarge(let length, let maximum): return "token of \(length) bytes exceeds \(maximum)"
        case .malformed(let reason): return "malformed JWS: \(reason)"
        case .invalidBase64URL(let part): return "\(part.rawValue) is not canonical base64url"
        case .invalidJSON(let part, let reason): return "\(part.rawValue) is not valid JSON: \(reason)"
        case .algorithmNone: return "alg none is never accepted"
        case .algorithmNotAllowed(let alg): return "alg \(alg) is not allowed"
        case .unsupportedAlgorithm(let alg): return "alg \(alg) is not implemented"
        case .unsupportedCriticalHeader(let names): return "unsupported crit: \(names.joined(separator: ","))"
        case .invalidHeader(let reason): return "invalid header: \(reason)"
        case .typeNotAccepted(let actual, let accepted):
            return "typ \(actual ?? "(none)") is not one of \(accepted.joined(separator: ","))"
        case .noKeys: return "no verification keys"
        case .missingKeyID: return "token has no kid and several keys are configured"
        case .unknownKeyID(let kid): return "unknown kid \(kid)"
        case .keyTypeMismatch(let kid, let kty): return "kid \(kid ?? "(none)") names a \(kty) key"
        case .keyAlgorithmMismatch(let kid, let keyAlg, let headerAlg):
            return "kid \(kid ?? "(none)") is for \(keyAlg), token says \(headerAlg)"
        case .keyUseMismatch(let kid, let use): return "kid \(kid ?? "(none)") has use \(use)"
        case .unusableKey(let kid, let reason): return "kid \(kid ?? "(none)") is unusable: \(reason)"
        case .signatureInvalid: return "signature is invalid"
        case .missingClaim(let name): return "missing claim \(name)"
        case .expired(let exp, _): return "token expired at \(Int(exp.timeIntervalSince1970))"
        case .notYetValid(let nbf, _): return "token not valid before \(Int(nbf.timeIntervalSince1970))"
        case .issuedInFuture(let iat, _): return "token issued in the future (\(Int(iat.timeIntervalSince1970)))"
        case .issuerMismatch(let expected, let actual): return "iss \(actual ?? "(none)") is not \(expected)"
        case .audienceMismatch(let expected, _): return "aud does not contain \(expected)"
        }
    }
}
