// JOSEBench: single-threaded RS256 throughput of OmniJWT, to compare with `openssl speed rsa2048`.
// Usage: JOSEBench [--seconds N]   (release build; see Benchmarks/jose/run.sh)
import FoundationEssentials
import OmniCrypto
import OmniJWT

#if canImport(Glibc)
import Glibc
#endif

func parseSeconds() -> Double {
    var seconds = 5.0
    var arguments = CommandLine.arguments.dropFirst()
    while let argument = arguments.popFirst() {
        if argument == "--seconds", let value = arguments.popFirst().flatMap(Double.init), value > 0, value <= 60 {
            seconds = value
        } else {
            let usage = Array("usage: JOSEBench [--seconds N (0 < N <= 60)]\n".utf8)
            _ = write(2, usage, usage.count)
            exit(2)
        }
    }
    return seconds
}

let seconds = parseSeconds()

/// Runs `body` repeatedly for `seconds` (bounded), returning operations per second.
func measure(_ name: String, seconds: Double = seconds, _ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    // Warm-up: caches, lazy OpenSSL initialisation.
    for _ in 0..<20 { try body() }
    let deadline = clock.now.advanced(by: .milliseconds(Int(seconds * 1000)))
    let start = clock.now
    var count = 0
    while clock.now < deadline {
        for _ in 0..<10 { try body() }
        count += 10
    }
    let elapsed = start.duration(to: clock.now)
    let perSecond = Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    print("\(name) \((perSecond * 10).rounded() / 10)")
    return perSecond
}

let key = try RSAPrivateKey.generate(bits: 2048)
let signer = JWTSigner(key: key)
let verifier = try JWTVerifier(keys: JWKS(keys: [signer.publicJWK]), allowedAlgorithms: [.rs256])
let issuer = "https://id.mall.example.com"
let now = Date()

func accessTokenClaims() throws -> JWTClaims<AccessTokenClaims> {
    JWTClaims(
        issuer: IssuerClaim(value: issuer),
        subject: "m_01HZX3K5Q2V7N8P4R6T9W1Y3B5",
        audience: ["order-service", "inventory-service"],
        expiration: ExpirationClaim(value: now.addingTimeInterval(900)),
        issuedAt: IssuedAtClaim(value: now),
        id: JWTIDClaim(value: Base64URL.encode(try SecureRandom.bytes(count: 16))),
        custom: AccessTokenClaims(
            clientID: "web-shop",
            scope: "openid phone offline_access orders:read",
            authenticationMethods: ["sms", "otp"],
            channel: "web"
        )
    )
}

let claims = try accessTokenClaims()
let token = try signer.sign(claims, type: "at+jwt")
let policy = JWTValidationPolicy.accessToken(issuer: issuer, audience: "order-service")
_ = try verifier.verify(token, as: AccessTokenClaims.self, policy: policy, now: now)
print("token_bytes \(token.utf8.count)")

let rawInput = Array(token.utf8.prefix(token.utf8.count - 343))
let rawSignature = try key.signRS256(rawInput)
_ = try measure("raw_sign_per_sec") { _ = try key.signRS256(rawInput) }
_ = try measure("sign_per_sec") { _ = try signer.sign(claims, type: "at+jwt") }
_ = measure("raw_verify_per_sec") {
    precondition(key.publicKey.verifyRS256(signature: rawSignature, data: rawInput))
}
_ = try measure("verify_per_sec") {
    _ = try verifier.verify(token, as: AccessTokenClaims.self, policy: policy, now: now)
}
