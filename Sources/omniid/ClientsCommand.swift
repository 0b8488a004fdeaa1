import OmniID
import OmniLog
import OmniServer

/// `omniid clients list`: the clients of the configuration as the server registers them (the
/// database is prepared exactly as `serve` does at start), one line each.
enum ClientsCommand {
    static func run(_ arguments: [String]) async throws -> Int32 {
        let invocation = try Invocation.parse(arguments, allowed: ["config"])
        guard invocation.words == ["list"] else {
            throw Invocation.UsageError(description: "clients needs: list")
        }
        let configuration = try Command.loadConfiguration(invocation)
        // The same start-up as `serve`: migrate, seed the clients table, load the keys.
        let logger = Logger(label: "omniid", minimumLevel: .warning)
        let context = try await Application.openContext(configuration: configuration, logger: logger)
        defer { context.database.close() }
        let rows = context.clients.all.map { client in
            [
                client.id, client.name, client.channel.rawValue, client.type.rawValue,
                client.grantTypes.sorted().map(shortGrant).joined(separator: ","),
                client.redirectURIs.isEmpty ? "-" : client.redirectURIs.joined(separator: " "),
            ]
        }
        let header = ["CLIENT_ID", "NAME", "CHANNEL", "TYPE", "GRANT TYPES", "REDIRECT URIS"]
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        for row in [header] + rows {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : KeysCommand.pad(cell, widths[index] + 1)
            }
            Output.line(cells.joined())
        }
        return 0
    }

    static func shortGrant(_ grant: String) -> String {
        grant == GrantType.tokenExchange ? "token-exchange" : grant
    }
}
