import OmniServer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dispatches a command line to its subcommand.
enum Command {
    static let defaultConfigPath = "Config/omniid.json"

    /// Runs the command and returns the process exit status: 0 success, 1 failure, 2 usage error.
    static func run(_ arguments: [String]) async -> Int32 {
        guard let first = arguments.first, first != "--help", first != "-h", first != "help" else {
            Output.line(Usage.text)
            return arguments.isEmpty ? 2 : 0
        }
        do {
            switch first {
            case "serve":
                let invocation = try Invocation.parse(Array(arguments.dropFirst()), allowed: ["config", "listen"])
                try expectNoWords(invocation, command: "serve")
                return try await ServeCommand.run(invocation)
            case "keys":
                return try await KeysCommand.run(Array(arguments.dropFirst()))
            case "clients":
                return try await ClientsCommand.run(Array(arguments.dropFirst()))
            default:
                throw Invocation.UsageError(description: "unknown command \"\(first)\"")
            }
        } catch let error as Invocation.UsageError {
            Output.error("omniid: \(error.description) (omniid --help)")
            return 2
        } catch let error as ConfigurationError {
            Output.error("omniid: configuration error: \(error.description)")
            return 1
        } catch {
            Output.error("omniid: \(error)")
            return 1
        }
    }

    static func expectNoWords(_ invocation: Invocation, command: String) throws {
        if let extra = invocation.words.first {
            throw Invocation.UsageError(description: "unexpected argument \"\(extra)\" for \(command)")
        }
    }

    static func loadConfiguration(_ invocation: Invocation) throws -> Configuration {
        try Configuration.load(path: invocation.options["config"] ?? defaultConfigPath)
    }
}

/// The command line's own output; the only place in Sources that prints.
enum Output {
    static func line(_ text: String) {
        print(text)
    }

    static func error(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
