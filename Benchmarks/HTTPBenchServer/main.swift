// A fixed ~1 KB JSON document served by an inline OmniHTTP route, for Benchmarks/http/run.sh and the fuzzer.
// Usage: HTTPBenchServer [HOST:PORT]   (default 127.0.0.1:8081). SIGTERM/SIGINT shut it down gracefully.
import Glibc
import OmniHTTP

let listen = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "127.0.0.1:8081"

/// About 1 KB of JSON, the same bytes nginx serves in the benchmark.
let document: [UInt8] = {
    var keys: [String] = []
    for index in 0..<24 {
        keys.append("\"key\(index < 10 ? "0" : "")\(index)\":\"value-\(String(repeating: "x", count: 24))\"")
    }
    return Array(("{" + keys.joined(separator: ",") + "}\n").utf8)
}()

var router = Router()
router.inline(.GET, "/bench.json") { _ in HTTPResponse.json(bytes: document) }
router.inline(.GET, "/healthz") { _ in HTTPResponse.text("ok") }
router.post("/echo") { request in HTTPResponse(status: .ok, body: request.body) }
router.get("/slow") { _ in
    try await Task.sleep(for: .milliseconds(200))
    return HTTPResponse.text("slow")
}

do {
    var configuration = HTTPServerConfiguration(listen: [try SocketAddress(parsing: listen)])
    if let timeout = Double(ProcessInfoLite.environment("OMNI_HTTP_REQUEST_TIMEOUT") ?? "") {
        configuration.requestTimeout = .milliseconds(Int(timeout * 1000))
    }
    let signals = try SignalWaiter(signals: [SIGTERM, SIGINT])
    let server = HTTPServer(configuration: configuration, router: router)
    let addresses = try server.start()
    let line = "listening on \(addresses.map(\.description).joined(separator: " "))\n"
    logLine(line)
    _ = await signals.wait()
    await server.shutdown()
} catch {
    logLine("HTTPBenchServer: \(error)\n")
    exit(1)
}

/// getenv without Foundation.
enum ProcessInfoLite {
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

/// Writes to standard error (the C `stderr` global is not concurrency-safe to reference).
func logLine(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
