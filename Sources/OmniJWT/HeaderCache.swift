import Synchronization

/// Parsed JOSE headers of tokens that already verified, by their encoded form.
///
/// Every token a signer issues with one key and one `typ` carries the same encoded header, so
/// re-parsing its JSON for every verification is wasted work. Only headers of tokens whose
/// signature verified are stored (an attacker cannot fill the cache with forgeries), and the
/// cache is small and bounded: when full, new headers are simply not remembered.
final class HeaderCache: Sendable {
    static let capacity = 32
    private let storage = Mutex<[String: JWSHeader]>([:])

    func header(for encoded: String) -> JWSHeader? {
        storage.withLock { $0[encoded] }
    }

    func remember(_ header: JWSHeader, for encoded: String) {
        storage.withLock { entries in
            if entries.count < Self.capacity, entries[encoded] == nil { entries[encoded] = header }
        }
    }
}
