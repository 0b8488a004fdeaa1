import FoundationEssentials

/// The freshness lifetime a `Cache-Control` response header grants (RFC 9111 §5.2.2).
enum CacheControl {
    /// `max-age` in seconds; `no-store` / `no-cache` mean 0; `nil` when the header says nothing
    /// about freshness.
    static func maxAge(_ headers: [String: String]) -> TimeInterval? {
        guard let value = headers.first(where: { $0.key.lowercased() == "cache-control" })?.value else { return nil }
        var result: TimeInterval?
        for directive in value.lowercased().split(separator: ",") {
            let trimmed = String(
                directive.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
            )
            if trimmed == "no-store" || trimmed == "no-cache" { return 0 }
            if trimmed.hasPrefix("max-age=") {
                let number = String(trimmed.dropFirst("max-age=".count).filter { $0 != "\"" })
                // RFC 9111 §1.2.2: a delta-seconds too large to represent means "a very long time".
                if let seconds = Int(number), seconds >= 0 {
                    result = TimeInterval(seconds)
                } else if number.allSatisfy({ $0.isASCII && $0.isNumber }), !number.isEmpty {
                    result = TimeInterval(Int.max)
                }
            }
        }
        return result
    }
}
