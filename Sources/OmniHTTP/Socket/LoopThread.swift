import Glibc

/// Starts a detached POSIX thread running `body`: event loops and the signal waiter own one each.
enum LoopThread {
    private final class Entry {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    static func start(_ body: @escaping @Sendable () -> Void) throws(SystemCallError) {
        let entry = Unmanaged.passRetained(Entry(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread,
            nil,
            { context in
                guard let context else { return nil }
                Unmanaged<Entry>.fromOpaque(context).takeRetainedValue().body()
                return nil
            },
            entry
        )
        guard result == 0 else {
            Unmanaged<Entry>.fromOpaque(entry).release()
            throw SystemCallError(call: "pthread_create", errno: result)
        }
        pthread_detach(thread)
    }
}
