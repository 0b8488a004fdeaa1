import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where finished log lines go. Lines are whole JSON objects followed by a newline.
public protocol LogSink: Sendable {
    func emit(_ line: String, level: LogLevel)
}

/// Writes lines to standard error.
///
/// Each line is written with a single `write(2)` while a lock is held, so lines from different
/// threads never interleave; warnings and errors are therefore never lost in a buffer.
public final class StandardErrorSink: LogSink {
    private let lock = Mutex(())

    public init() {}

    public func emit(_ line: String, level: LogLevel) {
        lock.withLock { _ in
            var bytes = Array(line.utf8)
            bytes.append(0x0A)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { raw in
                    write(2, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                }
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // stderr closed or full: dropping a log line beats blocking a request
                }
            }
        }
    }
}

/// Keeps lines in memory; used by tests that assert what was (and was not) logged.
public final class MemorySink: LogSink {
    private let storage = Mutex<[String]>([])

    public init() {}

    public func emit(_ line: String, level: LogLevel) {
        storage.withLock { $0.append(line) }
    }

    /// Every line emitted so far.
    public var lines: [String] { storage.withLock { $0 } }
}
