import FoundationEssentials
import Glibc
import Synchronization

/// The `outbox` sender: appends each message as one JSON line `{"to","text","code","at"}` to a file
/// (BRIEF: Configuration, `sms.sender`), which tests and developers read instead of a phone.
///
/// The file is created 0600 (it holds live codes) and opened `O_APPEND`; each line goes out in one
/// `write` under a lock, so readers never see half a line.
public final class OutboxSMSSender: SMSSender {
    public let path: String
    private let lock = Mutex<Void>(())

    public init(path: String) {
        self.path = path
    }

    public func send(_ message: SMSMessage) async throws {
        var object: [String: String] = [
            "to": message.to, "text": message.text, "at": Self.rfc3339(message.at),
        ]
        if let code = message.code { object["code"] = code }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = Array(try encoder.encode(object)) + [0x0A]
        try lock.withLock { _ in try append(line) }
    }

    private func append(_ line: [UInt8]) throws {
        let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent) {
            try FileManager.default.createDirectory(
                atPath: parent,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SMSSendError("cannot open the outbox (errno \(errno))") }
        defer { close(fd) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else { throw SMSSendError("short write to the outbox") }
    }

    /// RFC 3339 §5.6 `date-time` in UTC with a `Z`.
    static func rfc3339(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
