import Foundation
import Glibc

struct EndToEndError: Error, CustomStringConvertible {
    let description: String
}

/// The real `omniid` binary, started on a free loopback port with a temporary configuration,
/// database and keys folder, and stopped with a signal.
final class ServerProcess: @unchecked Sendable {
    // Ownership rule: created and driven by one test at a time; the Process object is only touched
    // from that test's task.
    let directory: URL
    let port: UInt16
    let process: Process
    let stderrPath: URL
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var configPath: String { directory.appendingPathComponent("omniid.json").path }
    var outboxPath: String { directory.appendingPathComponent("sms-outbox.jsonl").path }
    var keysDirectory: String { directory.appendingPathComponent("keys").path }
    var databasePath: String { directory.appendingPathComponent("omniid.sqlite").path }

    /// The built `omniid` next to the test bundle (`swift build --build-tests` builds both).
    static var binary: URL {
        get throws {
            let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            let candidates = [buildDirectory, buildDirectory.deletingLastPathComponent()].map {
                $0.appendingPathComponent("omniid")
            }
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw EndToEndError(
                    description: "omniid binary not found beside \(buildDirectory.path); run swift build"
                )
            }
            return found
        }
    }

    /// A port that was free a moment ago (bind to 0, read it, close).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw EndToEndError(description: "no free port") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// The default test configuration; `adjust` may change any key before it is written.
    static func configuration(port: UInt16, directory: URL) -> [String: Any] {
        [
            "issuer": "http://127.0.0.1:\(port)",
            "listen": "127.0.0.1:\(port)",
            "database": "omniid.sqlite",
            "keys_dir": "keys",
            "log_level": "info",
            "keys": ["activation_delay": 900, "jwks_max_age": 300],
            "sms": ["sender": "outbox", "outbox_path": "sms-outbox.jsonl"],
            "clients": [
                [
                    "client_id": "web-shop", "name": "OmniShop Web", "channel": "web", "type": "confidential",
                    "secret": "web-shop-secret-for-tests", "redirect_uris": ["http://127.0.0.1:3000/callback"],
                    "grant_types": ["authorization_code", "refresh_token"],
                    "scopes": ["openid", "phone", "offline_access"],
                ],
                [
                    "client_id": "mall-app", "name": "OmniShop App", "channel": "app", "type": "public",
                    "redirect_uris": ["com.omnishop.mall:/oauth2redirect", "http://127.0.0.1/callback"],
                    "grant_types": ["authorization_code", "refresh_token"],
                    "scopes": ["openid", "phone", "offline_access"],
                ],
                [
                    "client_id": "order-service", "name": "Order Service", "channel": "service",
                    "type": "confidential", "secret": "order-service-secret-for-tests",
                    "grant_types": ["client_credentials"], "scopes": ["introspect", "orders"],
                ],
            ],
        ]
    }

    init(adjust: (inout [String: Any]) -> Void = { _ in }, arguments extra: [String] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("omniid-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try ServerProcess.freePort()
        var config = ServerProcess.configuration(port: port, directory: directory)
        adjust(&config)
        try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys]).write(
            to: directory.appendingPathComponent("omniid.json")
        )
        stderrPath = directory.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: stderrPath.path, contents: nil)
        process = Process()
        process.executableURL = try ServerProcess.binary
        process.arguments = ["serve", "--config", directory.appendingPathComponent("omniid.json").path] + extra
        process.standardError = try FileHandle(forWritingTo: stderrPath)
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
    }

    /// Starts the process and waits (at most 30 s) for its "listening" log line.
    func start() throws {
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if log.contains("\"msg\":\"listening\"") { return }
            if !process.isRunning {
                throw EndToEndError(description: "omniid exited \(process.terminationStatus): \(log)")
            }
            usleep(20_000)
        }
        throw EndToEndError(description: "omniid did not start: \(log)")
    }

    /// Everything the server wrote to stderr so far.
    var log: String { (try? String(contentsOf: stderrPath, encoding: .utf8)) ?? "" }

    /// Sends `signal` and waits for the exit; returns the status and how long the exit took.
    func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 10) -> (status: Int32, seconds: TimeInterval)? {
        guard process.isRunning else { return (process.terminationStatus, 0) }
        let start = Date()
        kill(process.processIdentifier, signal)
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout {
                kill(process.processIdentifier, SIGKILL)
                return nil
            }
            usleep(10_000)
        }
        return (process.terminationStatus, Date().timeIntervalSince(start))
    }

    /// Runs another `omniid` command on the same configuration (as an operator would).
    func command(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try ServerProcess.run(arguments + ["--config", configPath])
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let child = Process()
        child.executableURL = try binary
        child.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        child.standardOutput = out
        child.standardError = err
        child.standardInput = FileHandle.nullDevice
        try child.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        return (
            child.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
