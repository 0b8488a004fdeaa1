import Glibc
import Synchronization

/// Resolves host names with `getaddrinfo`, which blocks, on a few dedicated threads: never on an event loop and
/// never on the Swift concurrency pool.
///
/// Threads start when lookups queue up (at most `maxThreads`) and exit when the queue is empty, so an idle client
/// holds none. A lookup whose request already finished (timed out, cancelled) is skipped.
final class HostResolver: Sendable {
    typealias Outcome = Result<[SocketAddress], HTTPClientError>

    struct Lookup: Sendable {
        let host: String
        let port: UInt16
        /// False once nobody waits for the answer.
        let isWanted: @Sendable () -> Bool
        let deliver: @Sendable (Outcome) -> Void
    }

    private struct State {
        var queue: [Lookup] = []
        var workers = 0
        /// Workers inside `getaddrinfo`: a lookup stuck on a dead resolver must not hold up the ones behind it.
        var busy = 0
    }

    private let state = Mutex(State())
    private let maxThreads: Int

    init(maxThreads: Int) {
        self.maxThreads = max(1, maxThreads)
    }

    func resolve(_ lookup: Lookup) {
        let spawn = state.withLock { state -> Bool in
            state.queue.append(lookup)
            guard state.workers < maxThreads, state.workers - state.busy < state.queue.count else { return false }
            state.workers += 1
            return true
        }
        guard spawn else { return }
        do {
            try LoopThread.start { [self] in work() }
        } catch {
            // Out of threads: if no other worker will drain the queue, fail what waits in it.
            let stranded = state.withLock { state -> [Lookup] in
                state.workers -= 1
                guard state.workers == 0 else { return [] }
                defer { state.queue = [] }
                return state.queue
            }
            for lookup in stranded {
                lookup.deliver(.failure(.dnsFailure(host: lookup.host, reason: "no resolver thread: \(error)")))
            }
        }
    }

    private func work() {
        var finishedOne = false
        while let lookup = next(afterFinishing: finishedOne) {
            finishedOne = true
            guard lookup.isWanted() else { continue }
            lookup.deliver(Self.addresses(of: lookup.host, port: lookup.port))
        }
    }

    /// Takes the next queued lookup, or retires the worker when there is none.
    private func next(afterFinishing finishedOne: Bool) -> Lookup? {
        state.withLock { state in
            if finishedOne { state.busy -= 1 }
            guard !state.queue.isEmpty else {
                state.workers -= 1
                return nil
            }
            state.busy += 1
            return state.queue.removeFirst()
        }
    }

    /// Every TCP address of `host`, in the order `getaddrinfo` ranks them (RFC 6724), duplicates removed.
    static func addresses(of host: String, port: UInt16) -> Outcome {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            return .failure(.dnsFailure(host: host, reason: String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = list
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            guard let raw = entry.pointee.ai_addr else { continue }
            var storage = sockaddr_storage()
            let length = min(Int(entry.pointee.ai_addrlen), MemoryLayout<sockaddr_storage>.size)
            withUnsafeMutableBytes(of: &storage) {
                $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: length))
            }
            if let address = SocketAddress.from(storage: &storage), !addresses.contains(address) {
                addresses.append(address)
            }
        }
        guard !addresses.isEmpty else { return .failure(.dnsFailure(host: host, reason: "no TCP address")) }
        return .success(addresses)
    }
}
