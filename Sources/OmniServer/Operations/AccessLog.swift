import OmniHTTP
import OmniLog

/// Turns the HTTP server's events into JSON access-log lines and Prometheus metrics.
///
/// Logs the route pattern and the path without its query string: queries carry codes, states
/// and tokens, which never reach a log (BRIEF: Operations).
struct AccessLog: HTTPServerObserver {
    let logger: Logger
    let metrics: Metrics

    func requestCompleted(_ record: HTTPRequestRecord) {
        let seconds = Double(record.duration.components.seconds) + Double(record.duration.components.attoseconds) / 1e18
        let method = record.method?.rawValue ?? "-"
        metrics.recordRequest(method: method, route: record.route, status: record.status.code, seconds: seconds)
        guard logger.minimumLevel <= .info else { return }
        var fields: [(String, LogValue)] = [
            ("method", .string(method)),
            ("route", .string(record.route ?? "-")),
            ("status", .int(record.status.code)),
            ("duration_ms", .double((seconds * 1_000_000).rounded() / 1000)),
            ("bytes_in", .int(record.requestBodyBytes)),
            ("bytes_out", .int(record.responseBodyBytes)),
        ]
        if let remote = record.remoteAddress { fields.append(("remote", .string(remote.host))) }
        logger.info("request", fields)
    }

    func connectionEvent(_ event: HTTPConnectionEvent) {
        switch event {
        case .rejectedOverCapacity(let address):
            metrics.recordConnectionRejected()
            logger.warning("connection rejected: over the connection cap", [("remote", .string(address?.host ?? "-"))])
        case .timedOut(_, let kind):
            metrics.recordTimeout()
            if kind != .idle { logger.info("connection timed out", [("kind", .string("\(kind)"))]) }
        case .accepted, .closed:
            break
        }
    }

    func internalError(_ error: HTTPServerInternalError) {
        logger.error("http server error", [("error", .string("\(error)"))])
    }
}
