import FoundationEssentials
import OmniID
import OmniServer

/// `omniid keys list | rotate`: works on the same `keys_dir` as a running server, which notices a
/// rotation within seconds.
enum KeysCommand {
    static func run(_ arguments: [String]) async throws -> Int32 {
        let invocation = try Invocation.parse(arguments, allowed: ["config"])
        guard invocation.words.count == 1, let action = invocation.words.first, ["list", "rotate"].contains(action)
        else {
            throw Invocation.UsageError(description: "keys needs one of: list, rotate")
        }
        let configuration = try Command.loadConfiguration(invocation)
        let store = try KeyStore.load(
            dir: configuration.keysDirectory,
            activationDelay: TimeInterval(configuration.keys.activationDelay),
            maxTokenLifetime: TimeInterval(configuration.longestSignedTokenLifetime)
        )
        let now = Date()
        if action == "rotate" {
            let key = try store.rotate(now: now)
            Output.line("published \(key.kid); signs from \(format(key.record.activatesAt))")
            return 0
        }
        Output.line(pad("KID", 45) + pad("STATE", 9) + pad("IN JWKS", 9) + pad("ACTIVATES", 22) + "LEAVES JWKS")
        for key in store.list(at: now) {
            Output.line(
                pad(key.kid, 45) + pad(key.state.rawValue, 9) + pad(key.published ? "yes" : "no", 9)
                    + pad(format(key.record.activatesAt), 22) + (key.record.expiresFromJWKSAt.map(format) ?? "-")
            )
        }
        return 0
    }

    static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
