import OmniID

/// App access tokens from `cgi-bin/token`, one per appid, kept until shortly before they expire.
///
/// WeChat's `auth.getAccessToken` notes: the token must be stored centrally and refreshed before
/// `expires_in`, because every fetch invalidates the previous token (after a 5-minute overlap). So one fetch
/// runs at a time per appid: concurrent callers await the same in-flight task.
actor WeChatAccessTokenCache {
    /// Refresh this long before WeChat's expiry, so a token is never used in its last minutes.
    static let refreshMargin: Duration = .seconds(300)

    private struct Entry {
        let token: String
        let refreshAt: ContinuousClock.Instant
    }

    private var entries: [String: Entry] = [:]
    private var inFlight: [String: Task<Result<WeChatAccessToken, WeChatError>, Never>] = [:]

    /// The cached token of `appID`, or the result of `fetch` (shared with every concurrent caller).
    func token(
        for appID: String,
        fetch: @escaping @Sendable () async throws(WeChatError) -> WeChatAccessToken
    ) async throws(WeChatError) -> WeChatAccessToken {
        let now = ContinuousClock.now
        if let entry = entries[appID], now < entry.refreshAt {
            return WeChatAccessToken(value: entry.token, expiresIn: Int((entry.refreshAt - now).components.seconds))
        }
        if let running = inFlight[appID] { return try await running.value.get() }
        // An unstructured task: a cancelled caller does not cancel the fetch the others wait for.
        let task = Task<Result<WeChatAccessToken, WeChatError>, Never> {
            do throws(WeChatError) {
                return .success(try await fetch())
            } catch {
                return .failure(error)
            }
        }
        inFlight[appID] = task
        let result = await task.value
        inFlight[appID] = nil
        if case .success(let token) = result {
            entries[appID] = Entry(token: token.value, refreshAt: ContinuousClock.now + Self.lifetime(of: token))
        }
        return try result.get()
    }

    /// Forgets `token` of `appID` after WeChat refused it (40001, 40014, 42001); a newer token stays.
    func invalidate(_ token: String, for appID: String) {
        if entries[appID]?.token == token { entries[appID] = nil }
    }

    /// How long a token is used: `expires_in` minus the margin, or half of `expires_in` if that is shorter.
    static func lifetime(of token: WeChatAccessToken) -> Duration {
        let issued = Duration.seconds(max(0, token.expiresIn))
        return issued > refreshMargin * 2 ? issued - refreshMargin : issued / 2
    }
}
