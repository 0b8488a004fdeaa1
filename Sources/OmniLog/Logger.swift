/// A structured logger that writes one JSON object per line.
///
/// ```
/// {"ts":"2026-11-25T09:00:00.123Z","level":"info","logger":"http","msg":"listening","address":"127.0.0.1:8080"}
/// ```
///
/// Values are typed `LogValue`s chosen by the caller; use `Redact` for anything personal. Tokens,
/// codes, secrets and full phone numbers are never logged (BRIEF: Operations).
public struct Logger: Sendable {
    /// The component name written in the `logger` field.
    public let label: String
    /// Lines below this level are dropped before they are formatted.
    public let minimumLevel: LogLevel
    private let sink: any LogSink

    /// Creates a logger writing to `sink` (standard error by default).
    public init(label: String, minimumLevel: LogLevel = .info, sink: any LogSink = Logger.standardError) {
        self.label = label
        self.minimumLevel = minimumLevel
        self.sink = sink
    }

    /// The process-wide standard error sink.
    public static let standardError: any LogSink = StandardErrorSink()

    /// The same sink and level under another component name.
    public func named(_ label: String) -> Logger {
        Logger(label: label, minimumLevel: minimumLevel, sink: sink)
    }

    /// Writes one line if `level` is at or above the minimum.
    public func log(_ level: LogLevel, _ message: String, _ fields: [(String, LogValue)] = []) {
        guard level >= minimumLevel else { return }
        var line = "{\"ts\":\"" + Timestamp.now() + "\",\"level\":\"" + level.name + "\",\"logger\":"
        JSONText.appendQuoted(label, to: &line)
        line += ",\"msg\":"
        JSONText.appendQuoted(message, to: &line)
        for (key, value) in fields {
            line += ","
            JSONText.appendQuoted(key, to: &line)
            line += ":"
            value.write(into: &line)
        }
        line += "}"
        sink.emit(line, level: level)
    }

    public func debug(_ message: String, _ fields: [(String, LogValue)] = []) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: [(String, LogValue)] = []) { log(.info, message, fields) }
    public func warning(_ message: String, _ fields: [(String, LogValue)] = []) { log(.warning, message, fields) }
    public func error(_ message: String, _ fields: [(String, LogValue)] = []) { log(.error, message, fields) }
}
