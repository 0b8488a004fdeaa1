import Synchronization

#if os(Linux)
@preconcurrency import Dispatch
#else
import Dispatch
#endif

/// Hands out reader connections one caller at a time, so a long read on one reader does not
/// queue other reads behind it while another reader is idle.
final class ReaderPool: Sendable {
    let readers: [SerializedConnection]
    private let state: Mutex<State>

    private struct State {
        var available: [Int]
        /// FIFO of callers waiting for a reader; each is called with the index it now owns.
        var waiters: [@Sendable (Int) -> Void] = []
    }

    init(readers: [SerializedConnection]) {
        self.readers = readers
        state = Mutex(State(available: Array(readers.indices.reversed())))
    }

    /// Runs `body` with a reader of its own, waiting (without blocking a thread) for one to be free.
    func withReader<T: Sendable>(_ body: (SerializedConnection) async throws -> T) async throws -> T {
        let index = await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            let index: Int? = state.withLock { state in
                if let index = state.available.popLast() { return index }
                state.waiters.append { continuation.resume(returning: $0) }
                return nil
            }
            if let index { continuation.resume(returning: index) }
        }
        defer { release(index) }
        return try await body(readers[index])
    }

    /// Runs `body` with a reader of its own, blocking the calling thread until one is free.
    func withReaderBlocking<T>(_ body: (SerializedConnection) throws -> T) rethrows -> T {
        let granted = DispatchSemaphore(value: 0)
        let slot = Mutex<Int?>(nil)
        let immediate: Int? = state.withLock { state in
            if let index = state.available.popLast() { return index }
            state.waiters.append { index in
                slot.withLock { $0 = index }
                granted.signal()
            }
            return nil
        }
        let index: Int
        if let immediate {
            index = immediate
        } else {
            granted.wait()
            // `release` stores the index before signalling, so the slot is always filled here.
            guard let handedOver = slot.withLock({ $0 }) else {
                preconditionFailure("reader pool signalled a waiter without handing it a reader")
            }
            index = handedOver
        }
        defer { release(index) }
        return try body(readers[index])
    }

    private func release(_ index: Int) {
        let waiter: (@Sendable (Int) -> Void)? = state.withLock { state in
            guard !state.waiters.isEmpty else {
                state.available.append(index)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?(index)
    }
}
