import CShims
import Glibc

/// Turns POSIX signals into an `async` wait, for graceful shutdown of an executable:
///
/// ```swift
/// let addresses = try server.start()
/// let signal = try await SignalWaiter.wait(for: [SIGTERM, SIGINT])
/// await server.shutdown()
/// ```
///
/// The signals are routed through a self-pipe written by an async-signal-safe handler (installed once, kept
/// for the life of the process), so the wait works whatever the signal masks of other threads. One waiter at a
/// time: concurrent waiters would share the pipe.
public enum SignalWaiter {
    /// Installs the handlers for `signals` and suspends until one of them arrives; returns its number.
    public static func wait(for signals: [Int32]) async throws(SystemCallError) -> Int32 {
        var pipe: Int32 = -1
        for signo in signals {
            pipe = omni_signal_pipe(signo)
            guard pipe >= 0 else { throw SystemCallError(call: "sigaction", errno: omni_errno()) }
        }
        guard pipe >= 0 else { return 0 }
        let readEnd = pipe
        let wanted = Set(signals)
        return await withCheckedContinuation { continuation in
            do {
                try LoopThread.start {
                    continuation.resume(returning: blockUntilSignal(readEnd, wanted))
                }
            } catch {
                continuation.resume(returning: 0)
            }
        }
    }

    private static func blockUntilSignal(_ fd: Int32, _ wanted: Set<Int32>) -> Int32 {
        while true {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&entry, 1, -1)
            var byte: UInt8 = 0
            if Glibc.read(fd, &byte, 1) == 1, wanted.contains(Int32(byte)) {
                return Int32(byte)
            }
        }
    }

    /// Sends `signo` to this process (tests use it to exercise the wait).
    public static func raise(_ signo: Int32) {
        _ = kill(getpid(), signo)
    }
}
