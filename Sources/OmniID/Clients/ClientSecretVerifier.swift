@preconcurrency import Dispatch
import OmniCrypto
import Synchronization

/// Checks a presented client secret against the client's scrypt hash without letting the slow
/// hash cap the token endpoint (RFC 6749 §2.3.1; RFC 9700 §2.5).
///
/// Once a secret has verified, its HMAC under a per-process random key is remembered, keyed by
/// client id together with the stored hash it verified against. Later requests compare HMACs in
/// constant time and never run scrypt again; a changed stored hash (rotated secret) drops the
/// memory. With a remembered secret, a wrong one is refused at once too: the same stored hash cannot
/// verify two secrets, so guessing costs the guesser, not the server. Only secrets not yet known
/// reach scrypt, one at a time on a queue of their own, off the cooperative thread pool.
///
/// That queue is bounded: each scrypt costs tens of milliseconds, so a flood of wrong secrets for
/// one client id would otherwise queue every other client's first verification behind it. The
/// same secret presented while its check runs joins that check (one scrypt for a burst); at most
/// `maxWaitingPerClient` distinct checks of one client and `maxWaiting` in all wait; beyond that
/// the answer is 503 `temporarily_unavailable` with `Retry-After` at once. A flooded client id
/// slows only itself; clients whose secret is remembered never touch the queue.
public final class ClientSecretVerifier: Sendable {
    private struct Remembered {
        let storedHash: String
        let mac: [UInt8]
    }

    /// Nil only if RAND_bytes failed at start: then nothing is remembered and every check runs scrypt.
    private let key: [UInt8]?
    private let remembered = Mutex<[String: Remembered]>([:])
    private let queue = DispatchQueue(label: "omniid.client-secret-hash")
    private let waiting = Mutex(Waiting())
    private let inFlight = Mutex<[Flight: Task<Bool, any Error>]>([:])
    private let maxWaitingPerClient: Int
    private let maxWaiting: Int

    private struct Waiting {
        var total = 0
        var perClient: [String: Int] = [:]
    }

    public init(maxWaitingPerClient: Int = 4, maxWaiting: Int = 32) {
        // Never a predictable key: without randomness the memory is off, which is slow but safe.
        key = try? SecureRandom.bytes(count: 32)
        self.maxWaitingPerClient = max(1, maxWaitingPerClient)
        self.maxWaiting = max(1, maxWaiting)
    }

    /// Whether `secret` is the secret of `client`. A client without a stored hash never verifies.
    public func verify(_ secret: String, for client: Client) async throws -> Bool {
        guard let storedHash = client.secretHash else { return false }
        let mac = try key.map { try HMAC.sha256(key: $0, data: Array(client.id.utf8) + [0] + Array(secret.utf8)) }
        if let mac, let known = remembered.withLock({ $0[client.id] }), known.storedHash == storedHash {
            return constantTimeEquals(known.mac, mac)
        }
        guard let mac else {
            try admit(client.id)
            defer { release(client.id) }
            return try await slowVerify(secret, mac: nil, client: client.id, against: storedHash)
        }
        // The same secret presented again while its check runs waits for that check: a burst of a
        // client's first requests after a start costs one scrypt and one slot, not one each.
        let flight = Flight(client: client.id, storedHash: storedHash, mac: mac)
        let check = try inFlight.withLock { flights throws -> Task<Bool, any Error> in
            if let running = flights[flight] { return running }
            try admit(client.id)
            let check = Task { [self] in
                defer {
                    inFlight.withLock { $0[flight] = nil }
                    release(client.id)
                }
                return try await slowVerify(secret, mac: mac, client: client.id, against: storedHash)
            }
            flights[flight] = check
            return check
        }
        return try await check.value
    }

    /// One secret being checked for one client against one stored hash.
    private struct Flight: Hashable {
        let client: String
        let storedHash: String
        let mac: [UInt8]
    }

    private func admit(_ client: String) throws(OAuthError) {
        let admitted = waiting.withLock { waiting in
            let mine = waiting.perClient[client, default: 0]
            guard mine < maxWaitingPerClient, waiting.total < maxWaiting else { return false }
            waiting.perClient[client] = mine + 1
            waiting.total += 1
            return true
        }
        guard admitted else {
            throw OAuthError(
                .temporarilyUnavailable,
                "too many client authentications are waiting; retry shortly",
                retryAfter: 1
            )
        }
    }

    private func release(_ client: String) {
        waiting.withLock { waiting in
            waiting.total -= 1
            let mine = waiting.perClient[client, default: 1] - 1
            waiting.perClient[client] = mine > 0 ? mine : nil
        }
    }

    /// Runs scrypt on the hashing queue. The queue is serial and the memory is checked and filled
    /// on it, so requests that queued up behind the first verification of a secret reuse its result
    /// instead of each paying for scrypt (a burst of 32 would otherwise wait 32 scrypts).
    private func slowVerify(
        _ secret: String,
        mac: [UInt8]?,
        client: String,
        against storedHash: String
    ) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                if let mac, let known = remembered.withLock({ $0[client] }), known.storedHash == storedHash {
                    continuation.resume(returning: constantTimeEquals(known.mac, mac))
                    return
                }
                continuation.resume(
                    with: Result {
                        let verified = try SecretHash.verify(secret, against: storedHash)
                        if verified, let mac {
                            remembered.withLock { $0[client] = Remembered(storedHash: storedHash, mac: mac) }
                        }
                        return verified
                    }
                )
            }
        }
    }
}
