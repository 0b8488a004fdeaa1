public import FoundationEssentials
import OmniCrypto
public import OmniStore
import Synchronization

/// The registered clients: seeded at start from the configuration into the `clients` table, and
/// kept as an in-memory snapshot so that a lookup on the token endpoint costs no database read.
///
/// Secrets are stored as scrypt hashes (``SecretHash``). Seeding keeps a stored hash as long as it
/// still verifies the configured secret, so a restart neither re-hashes nor invalidates the
/// verified-secret cache of ``ClientSecretVerifier``.
public final class ClientRegistry: Sendable {
    private let snapshot = Mutex<[String: Client]>([:])
    /// Checks presented secrets; remembers the ones that verified (see ``ClientSecretVerifier``).
    public let secrets = ClientSecretVerifier()

    public init() {}

    /// The client registered as `id`, or nil.
    public func client(id: String) -> Client? { snapshot.withLock { $0[id] } }

    /// Every client, sorted by id.
    public var all: [Client] { snapshot.withLock { $0.values.sorted { $0.id < $1.id } } }

    /// Stores the configured clients (upsert) and makes them the snapshot. Clients that are no
    /// longer configured stay in the table (codes and refresh families reference them) but can no
    /// longer authenticate, because only configured clients are in the snapshot.
    public func seed(_ registrations: [ClientRegistration], into database: any DatabaseWriter, now: Date) async throws {
        let stored = try await database.read { db in
            try db.query("SELECT client_id, secret_hash FROM clients").reduce(into: [String: String]()) { hashes, row in
                if let hash = try row.get(String?.self, "secret_hash") { hashes[try row.column("client_id")] = hash }
            }
        }
        var clients: [Client] = []
        for registration in registrations {
            var hash: String?
            if let secret = registration.secret {
                if let existing = stored[registration.id], (try? SecretHash.verify(secret, against: existing)) == true {
                    hash = existing
                } else {
                    hash = try SecretHash.scrypt(secret)
                }
            }
            clients.append(
                Client(
                    id: registration.id,
                    name: registration.name,
                    channel: registration.channel,
                    type: registration.type,
                    secretHash: hash,
                    redirectURIs: registration.redirectURIs,
                    grantTypes: Set(registration.grantTypes),
                    scopes: ScopeSet(registration.scopes),
                    wechatAppID: registration.wechatAppID
                )
            )
        }
        let rows = clients
        try await database.write { db in
            for client in rows {
                try db.execute(
                    """
                    INSERT INTO clients (client_id, name, channel, type, secret_hash, redirect_uris, grant_types, scopes,
                        wechat_appid, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (client_id) DO UPDATE SET name = excluded.name, channel = excluded.channel,
                        type = excluded.type, secret_hash = excluded.secret_hash,
                        redirect_uris = excluded.redirect_uris, grant_types = excluded.grant_types,
                        scopes = excluded.scopes, wechat_appid = excluded.wechat_appid, updated_at = excluded.updated_at
                    """,
                    ClientRow.arguments(client, now: now)
                )
            }
        }
        install(clients)
    }

    /// Makes the clients stored in the table the snapshot (for tools that do not seed).
    public func load(from database: any DatabaseWriter) async throws {
        install(try await database.read { db in try db.query("SELECT * FROM clients").map(ClientRow.client) })
    }

    private func install(_ clients: [Client]) {
        var byID: [String: Client] = [:]
        for client in clients { byID[client.id] = client }
        snapshot.withLock { $0 = byID }
    }
}

/// The `clients` row format: lists as space-separated text (none of their elements contains a space).
enum ClientRow {
    static func arguments(_ client: Client, now: Date) -> [SQLValue] {
        [
            .text(client.id), .text(client.name), .text(client.channel.rawValue), .text(client.type.rawValue),
            client.secretHash.sqlValue, .text(client.redirectURIs.joined(separator: " ")),
            .text(client.grantTypes.sorted().joined(separator: " ")), .text(client.scopes.description),
            client.wechatAppID.sqlValue, now.sqlValue,
        ]
    }

    static func client(_ row: Row) throws -> Client {
        func list(_ column: String) throws -> [String] {
            try row.get(String.self, column).split(separator: " ").map(String.init)
        }
        guard let channel = Client.Channel(rawValue: try row.column("channel")),
            let type = Client.ClientType(rawValue: try row.column("type"))
        else { throw StoreError.typeMismatch(column: "channel", expected: "a known channel and type", found: "TEXT") }
        return Client(
            id: try row.column("client_id"),
            name: try row.column("name"),
            channel: channel,
            type: type,
            secretHash: try row.column("secret_hash"),
            redirectURIs: try list("redirect_uris"),
            grantTypes: Set(try list("grant_types")),
            scopes: ScopeSet(try list("scopes")),
            wechatAppID: try row.column("wechat_appid")
        )
    }
}
