import CShims
import Glibc

/// Turns POSIX signals into an `async` wait, for graceful shutdown of an executable:
///
/// ```swift
/// let signals = try SignalWaiter(signals: [SIGTERM, SIGINT])   // handlers installed now, before serving
/// let addresses = try server.start()
/// let received = await signals.wait()
/// await server.shutdown()
/// ```
///
/// The signals are routed through a self-pipe written by an async-signal-safe handler (installed once, kept
/// for the life of the process), so the wait works whatever the signal masks of other threads. One waiter at a
/// time: concurrent waiters would share the pipe.
public struct SignalWaiter: Sendable {
    private let pipe: Int32
    private let signals: Set<Int32>

    /// Installs the handlers for `signals` (from then on they no longer terminate the process).
    public init(signals: [Int32]) throws(SystemCallError) {
        var pipe: Int32 = -1
        for signo in signals {
            pipe = omni_signal_pipe(signo)
            guard pipe >= 0 else { throw SystemCallError(call: "sigaction", errno: omni_errno()) }
        }
        self.pipe = pipe
        self.signals = Set(signals)
    }

    /// Suspends (without blocking the concurrency pool: a dedicated thread waits) until one of the signals
    /// arrives; returns its number.
    public func wait() async -> Int32 {
        guard pipe >= 0 else { return 0 }
        let readEnd = pipe
        let wanted = signals
        return await withCheckedContinuation { continuation in
            do {
                try LoopThread.start {
                    continuation.resume(returning: Self.blockUntilSignal(readEnd, wanted))
                }
            } catch {
                continuation.resume(returning: 0)
            }
        }
    }

    /// Installs the handlers and waits: `let signal = try await SignalWaiter.wait(for: [SIGTERM, SIGINT])`.
    public static func wait(for signals: [Int32]) async throws(SystemCallError) -> Int32 {
        try await SignalWaiter(signals: signals).wait()
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
}
