import Foundation
import Glibc

/// A throwaway PKI made with the `openssl` command line: a CA, and leaf certificates it signs.
struct TestPKI: Sendable {
    let directory: String
    /// The CA certificate (PEM), for ``HTTPClientConfiguration/additionalTrustedCAFile``.
    var caFile: String { directory + "/ca.pem" }

    /// Creates the CA in a fresh temporary directory (blocking: call from `onThread`).
    static func make() throws -> TestPKI {
        let directory = NSTemporaryDirectory() + "omniid-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let pki = TestPKI(directory: directory)
        try pki.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", directory + "/ca.key", "-out", directory + "/ca.pem", "-days", "2",
            "-subj", "/CN=OmniID Test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        return pki
    }

    /// Issues a server certificate named `name` with `subjectAltName` (e.g. `DNS:localhost,IP:127.0.0.1`);
    /// returns the certificate and key paths.
    func issue(_ name: String, subjectAltName: String) throws -> (certificate: String, key: String) {
        let key = "\(directory)/\(name).key"
        let request = "\(directory)/\(name).csr"
        let certificate = "\(directory)/\(name).pem"
        let extensions = "\(directory)/\(name).ext"
        try openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
            "-out", request, "-subj", "/CN=\(name)",
        ])
        try """
        subjectAltName=\(subjectAltName)
        basicConstraints=CA:FALSE
        keyUsage=critical,digitalSignature
        extendedKeyUsage=serverAuth

        """.write(toFile: extensions, atomically: true, encoding: .utf8)
        try openssl([
            "x509", "-req", "-in", request, "-CA", caFile, "-CAkey", directory + "/ca.key", "-CAcreateserial",
            "-out", certificate, "-days", "2", "-extfile", extensions,
        ])
        return (certificate, key)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestClientError(description: "openssl \(arguments.prefix(2).joined(separator: " ")) failed")
        }
    }
}

/// `openssl s_server -www` on a loopback port, as a child process: it answers any request with an HTTP/1.0 status
/// page and closes.
///
/// The child runs under `timeout -s KILL 120` (so it dies even if the test process crashes), which makes itself the
/// leader of a new process group; ``stop()`` SIGKILLs that group. SIGKILL because the child inherits the test
/// thread's signal mask, in which SIGTERM may be blocked.
final class TLSTestServer: Sendable {
    let port: UInt16
    private let process: Process

    /// Starts the server (blocking until it accepts connections: call from `onThread`).
    init(certificate: String, key: String, extraArguments: [String] = []) throws {
        port = try unusedPort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "timeout", "-s", "KILL", "120", "openssl", "s_server", "-accept", "127.0.0.1:\(port)", "-cert",
                certificate,
                "-key", key, "-www", "-quiet",
            ] + extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard Self.waitUntilListening(port) else {
            stop()
            throw TestClientError(description: "s_server did not start on port \(port)")
        }
    }

    deinit {
        stop()
    }

    /// Kills the server and reaps it; safe to call twice.
    func stop() {
        guard process.isRunning else { return }
        let group = process.processIdentifier
        if group > 0 { kill(-group, SIGKILL) }
        process.waitUntilExit()
    }

    /// Polls until something accepts TCP connections on `port` (up to 10 s).
    private static func waitUntilListening(_ port: UInt16) -> Bool {
        for _ in 0..<500 {
            if let probe = try? TestClient(port: port, receiveTimeout: 1) {
                probe.close()
                return true
            }
            usleep(20_000)
        }
        return false
    }
}
