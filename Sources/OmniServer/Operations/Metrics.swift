import Synchronization

/// Prometheus metrics (text exposition format 0.0.4): requests by route and status, a latency
/// histogram per route, tokens issued by grant and sign-ins by method (BRIEF: Operations).
public final class Metrics: Sendable {
    /// Upper bounds of the latency histogram buckets, in seconds.
    static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct RequestKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private struct Histogram {
        var buckets = [UInt64](repeating: 0, count: Metrics.latencyBuckets.count)
        var count: UInt64 = 0
        var sum: Double = 0
    }

    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var latency: [String: Histogram] = [:]
        var tokensIssued: [String: UInt64] = [:]
        var signIns: [String: UInt64] = [:]
        var connectionsRejected: UInt64 = 0
        var timeouts: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Counts one answered request. `route` is the matched pattern (`/interaction/:uid`), never the
    /// raw path, so that label values stay few.
    public func recordRequest(method: String, route: String?, status: Int, seconds: Double) {
        let routeLabel = route ?? "unmatched"
        state.withLock { state in
            state.requests[RequestKey(method: method, route: routeLabel, status: status), default: 0] += 1
            var histogram = state.latency[routeLabel] ?? Histogram()
            for (index, bound) in Metrics.latencyBuckets.enumerated() where seconds <= bound {
                histogram.buckets[index] += 1
            }
            histogram.count += 1
            histogram.sum += seconds
            state.latency[routeLabel] = histogram
        }
    }

    /// Counts a token response by grant type.
    public func recordTokenIssued(grantType: String) {
        state.withLock { $0.tokensIssued[grantType, default: 0] += 1 }
    }

    /// Counts a completed sign-in by method (`phone_otp`, `wechat_miniprogram`, `qr`, `sso`...).
    public func recordSignIn(method: String) {
        state.withLock { $0.signIns[method, default: 0] += 1 }
    }

    func recordConnectionRejected() { state.withLock { $0.connectionsRejected += 1 } }
    func recordTimeout() { state.withLock { $0.timeouts += 1 } }

    /// The exposition text served at `/metrics`.
    public func render() -> String {
        let snapshot = state.withLock { $0 }
        var out = ""
        out += "# HELP omniid_http_requests_total HTTP requests answered, by method, route and status.\n"
        out += "# TYPE omniid_http_requests_total counter\n"
        for (key, value) in snapshot.requests.sorted(by: {
            ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status)
        }) {
            out +=
                "omniid_http_requests_total{method=\(quoted(key.method)),route=\(quoted(key.route)),status=\"\(key.status)\"} \(value)\n"
        }
        out += "# HELP omniid_http_request_duration_seconds Time from a complete request to its response, by route.\n"
        out += "# TYPE omniid_http_request_duration_seconds histogram\n"
        for (route, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            let label = quoted(route)
            for (index, bound) in Metrics.latencyBuckets.enumerated() {
                out +=
                    "omniid_http_request_duration_seconds_bucket{route=\(label),le=\"\(bound)\"} \(histogram.buckets[index])\n"
            }
            out += "omniid_http_request_duration_seconds_bucket{route=\(label),le=\"+Inf\"} \(histogram.count)\n"
            out += "omniid_http_request_duration_seconds_sum{route=\(label)} \(histogram.sum)\n"
            out += "omniid_http_request_duration_seconds_count{route=\(label)} \(histogram.count)\n"
        }
        out += "# HELP omniid_tokens_issued_total Token responses, by grant type.\n"
        out += "# TYPE omniid_tokens_issued_total counter\n"
        for (grant, value) in snapshot.tokensIssued.sorted(by: { $0.key < $1.key }) {
            out += "omniid_tokens_issued_total{grant_type=\(quoted(grant))} \(value)\n"
        }
        out += "# HELP omniid_sign_ins_total Completed sign-ins, by method.\n"
        out += "# TYPE omniid_sign_ins_total counter\n"
        for (method, value) in snapshot.signIns.sorted(by: { $0.key < $1.key }) {
            out += "omniid_sign_ins_total{method=\(quoted(method))} \(value)\n"
        }
        out += "# HELP omniid_http_connections_rejected_total Connections refused over the connection cap.\n"
        out += "# TYPE omniid_http_connections_rejected_total counter\n"
        out += "omniid_http_connections_rejected_total \(snapshot.connectionsRejected)\n"
        out += "# HELP omniid_http_timeouts_total Connections closed by a request, idle or write timeout.\n"
        out += "# TYPE omniid_http_timeouts_total counter\n"
        out += "omniid_http_timeouts_total \(snapshot.timeouts)\n"
        return out
    }

    /// A label value with `\`, `"` and newlines escaped (exposition format).
    private func quoted(_ value: String) -> String {
        var out = "\""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
