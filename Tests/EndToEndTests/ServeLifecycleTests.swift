import Foundation
import Glibc
import XCTest

/// `omniid serve` as an operator runs it: the real binary, a temporary configuration, loopback only.
final class ServeLifecycleTests: XCTestCase {
    func testServeAnswersHealthAndExitsZeroWithinTwoSecondsOfSIGTERM() throws {
        let server = try ServerProcess()
        try server.start()
        let health = try Wire.get(port: server.port, "/healthz")
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual(health.text, #"{"status":"ok"}"#)
        let ready = try Wire.get(port: server.port, "/readyz")
        XCTAssertEqual(ready.status, 200)
        XCTAssertEqual(ready.text, #"{"status":"ready"}"#)
        let stopped = try XCTUnwrap(server.stop(signal: SIGTERM))
        XCTAssertEqual(stopped.status, 0)
        XCTAssertLessThan(stopped.seconds, 2)
        XCTAssertTrue(server.log.contains(#""msg":"stopped""#))
    }

    func testSIGINTAlsoStopsCleanly() throws {
        let server = try ServerProcess()
        try server.start()
        XCTAssertEqual(try Wire.get(port: server.port, "/healthz").status, 200)
        let stopped = try XCTUnwrap(server.stop(signal: SIGINT))
        XCTAssertEqual(stopped.status, 0)
    }

    func testListenFlagOverridesTheFile() throws {
        let port = try ServerProcess.freePort()
        let server = try ServerProcess(arguments: ["--listen", "127.0.0.1:\(port)"])
        try server.start()
        XCTAssertEqual(try Wire.get(port: port, "/healthz").status, 200)
        XCTAssertTrue(server.log.contains(#""address":"127.0.0.1:\#(port)""#))
        XCTAssertEqual(server.stop()?.status, 0)
    }

    func testBadConfigurationExitsNonZeroWithOneLineNamingTheKey() throws {
        let server = try ServerProcess(adjust: { config in
            var keys = config["keys"] as? [String: Any] ?? [:]
            keys["rotation_hint"] = 1
            config["keys"] = keys
        })
        let result = try ServerProcess.run(["serve", "--config", server.configPath])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(
            result.stderr,
            "omniid: configuration error: \(server.configPath): keys.rotation_hint: unknown key\n"
        )

        let delay = try ServerProcess(adjust: { $0["keys"] = ["activation_delay": 60, "jwks_max_age": 300] })
        let refused = try ServerProcess.run(["serve", "--config", delay.configPath])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1)
        XCTAssertTrue(
            refused.stderr.contains("keys.activation_delay: must not be shorter than keys.jwks_max_age (300)")
        )

        let good = try ServerProcess()
        let badListen = try ServerProcess.run(["serve", "--config", good.configPath, "--listen", "nowhere"])
        XCTAssertEqual(badListen.status, 1)
        XCTAssertTrue(badListen.stderr.contains("--listen: must be HOST:PORT"))

        let unknownFlag = try ServerProcess.run(["serve", "--verbose"])
        XCTAssertEqual(unknownFlag.status, 2)
        XCTAssertEqual(unknownFlag.stderr, "omniid: unknown option --verbose (omniid --help)\n")
    }

    func testFirstStartCreatesPrivateKeyAndDatabaseFiles() throws {
        let server = try ServerProcess()
        try server.start()
        let keyFiles = try FileManager.default.contentsOfDirectory(atPath: server.keysDirectory)
        let pems = keyFiles.filter { $0.hasSuffix(".pem") }
        XCTAssertEqual(pems.count, 1)
        for name in pems + ["server-secret", "keys.json"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: server.keysDirectory + "/" + name)
            XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600, name)
        }
        let database = try FileManager.default.attributesOfItem(atPath: server.databasePath)
        XCTAssertEqual((database[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(server.stop()?.status, 0)
    }

    func testServerStillAnswersAfterEveryKindOfBadInput() throws {
        let server = try ServerProcess()
        try server.start()
        let port = server.port
        let attacks: [(String, [UInt8], Int)] = [
            (
                "smuggling CL+TE",
                Array(
                    "POST /token HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                        .utf8
                ), 400
            ),
            (
                "duplicate CL",
                Array("POST /token HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab".utf8), 400
            ),
            (
                "bad chunk size",
                Array("POST /token HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8), 400
            ),
            ("not HTTP", Array("\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}\r\n\r\n".utf8), 400),
            (
                "huge header",
                Array(
                    ("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "a", count: 20_000) + "\r\n\r\n").utf8
                ), 431
            ),
            (
                "long request line",
                Array(("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: a\r\n\r\n").utf8), 414
            ),
            ("huge body", Array("POST /token HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n\r\n".utf8), 413),
            ("no host", Array("GET /healthz HTTP/1.1\r\n\r\n".utf8), 400),
            ("bad version", Array("GET /healthz HTTP/2.0\r\nHost: a\r\n\r\n".utf8), 505),
        ]
        for (name, bytes, expected) in attacks {
            let response = try Wire.exchange(port: port, bytes)
            XCTAssertEqual(response?.status, expected, name)
            XCTAssertEqual(try Wire.get(port: port, "/healthz").status, 200, "after \(name)")
        }
        XCTAssertEqual(server.stop()?.status, 0)
    }

    func testMetricsCountRequestsByRouteAndStatus() throws {
        let server = try ServerProcess()
        try server.start()
        for _ in 0..<3 { _ = try Wire.get(port: server.port, "/healthz") }
        _ = try Wire.get(port: server.port, "/no-such-thing")
        let metrics = try Wire.get(port: server.port, "/metrics")
        XCTAssertEqual(metrics.status, 200)
        XCTAssertEqual(metrics.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8")
        XCTAssertTrue(
            metrics.text.contains(#"omniid_http_requests_total{method="GET",route="/healthz",status="200"} 3"#)
        )
        XCTAssertTrue(
            metrics.text.contains(#"omniid_http_requests_total{method="GET",route="unmatched",status="404"} 1"#)
        )
        XCTAssertTrue(metrics.text.contains(#"omniid_http_request_duration_seconds_count{route="/healthz"} 3"#))
        // The access log has one JSON line per request, and never the query string.
        _ = try Wire.get(port: server.port, "/healthz?code=secret-code-value")
        XCTAssertEqual(server.stop()?.status, 0)
        XCTAssertFalse(server.log.contains("secret-code-value"))
        let requestLines = server.log.split(separator: "\n").filter { $0.contains(#""msg":"request""#) }
        XCTAssertEqual(requestLines.count, 6)
        for line in requestLines {
            XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }
}
