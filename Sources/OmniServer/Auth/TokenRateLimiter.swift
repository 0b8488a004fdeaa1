import FoundationEssentials
import OmniID
import Synchronization

/// Token-endpoint calls per client per minute (BRIEF: Bad input), counted in fixed one-minute
/// windows: one dictionary lookup under a lock. Only registered client ids are counted, so the
/// table is bounded by the number of clients. Over the limit → 429 `slow_down` with `Retry-After`.
final class TokenRateLimiter: Sendable {
    private struct Window {
        var start: TimeInterval
        var count: Int
    }

    private let limit: Int
    private let windows = Mutex<[String: Window]>([:])

    init(perMinute limit: Int) { self.limit = limit }

    func admit(clientID: String, now: Date) throws(OAuthError) {
        let seconds = now.timeIntervalSince1970
        let start = (seconds / 60).rounded(.down) * 60
        let admitted = windows.withLock { windows in
            var window = windows[clientID] ?? Window(start: start, count: 0)
            if window.start != start { window = Window(start: start, count: 0) }
            window.count += 1
            windows[clientID] = window
            return window.count <= limit
        }
        guard admitted else {
            throw OAuthError(
                .slowDown,
                "too many token requests for this client; retry later",
                retryAfter: max(1, Int((start + 60 - seconds).rounded(.up)))
            )
        }
    }
}
