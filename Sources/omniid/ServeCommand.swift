import OmniHTTP
import OmniLog
import OmniServer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `omniid serve [--config FILE] [--listen HOST:PORT]`: serves until SIGTERM or SIGINT, then stops
/// accepting, finishes in-flight requests and exits 0.
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
        let logger = Logger(label: "omniid", minimumLevel: LogLevel(name: configuration.logLevel) ?? .info)
        // Handlers first, so a signal that arrives during start-up is not lost.
        let signals = try SignalWaiter(signals: [SIGTERM, SIGINT])
        let context = try await Application.openContext(configuration: configuration, logger: logger)
        let application = try Application(context: context)
        let addresses = try application.start()
        logger.info(
            "listening",
            [
                ("address", .string(addresses.map(\.description).joined(separator: ","))),
                ("issuer", .string(configuration.issuer)),
            ]
        )
        let signal = await signals.wait()
        logger.info("stopping", [("signal", .int(Int(signal)))])
        await application.shutdown()
        logger.info("stopped")
        return 0
    }
}
