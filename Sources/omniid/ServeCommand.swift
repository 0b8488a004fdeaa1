import OmniServer

/// `omniid serve [--config FILE] [--listen HOST:PORT]`
enum ServeCommand {
    static func run(_ invocation: Invocation) async throws -> Int32 {
        var configuration = try Command.loadConfiguration(invocation)
        if let listen = invocation.options["listen"] {
            guard let address = ListenAddress(parsing: listen) else {
                throw ConfigurationError(
                    key: "--listen",
                    reason: "must be HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080"
                )
            }
            configuration.listen = address
        }
        throw ConfigurationError(key: "", reason: "serve is being wired (waiting for OmniHTTP)")
    }
}
