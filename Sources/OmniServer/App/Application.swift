import FoundationEssentials
public import OmniHTTP
import OmniID
public import OmniLog
import OmniStore
import Synchronization

/// The running server: opens the database (migrating it) and the key store, seeds clients,
/// builds the routes and serves them; picks up key rotations made by other processes.
public final class Application: Sendable {
    public let context: ServerContext
    private let server: HTTPServer
    private let keyWatcher = Mutex<Task<Void, Never>?>(nil)

    /// How often the key metadata is re-read, so `omniid keys rotate` from another process is
    /// noticed within 5 s (BRIEF: Standard protocol surface).
    static let keyReloadInterval: Duration = .seconds(2)

    public init(context: ServerContext) throws {
        self.context = context
        let configuration = context.configuration
        var http = HTTPServerConfiguration(listen: [
            try SocketAddress(host: configuration.listen.host, port: UInt16(configuration.listen.port))
        ])
        if configuration.http.eventLoops > 0 { http.eventLoopCount = configuration.http.eventLoops }
        http.maxConnections = configuration.http.maxConnections
        http.maxBodySize = configuration.http.maxBodyBytes
        http.maxHeaderSectionSize = configuration.http.maxHeaderBytes
        http.requestTimeout = .seconds(configuration.http.requestTimeout)
        http.idleTimeout = .seconds(configuration.http.idleTimeout)
        server = HTTPServer(
            configuration: http,
            router: try Application.makeRouter(context: context),
            observer: AccessLog(logger: context.logger.named("http"), metrics: context.metrics),
            errorMapper: OAuthErrorResponse.mapper(logger: context.logger.named("http"))
        )
    }

    /// Opens what the configuration names: the database (created and migrated) and the key store
    /// (a key generated on first start).
    public static func openContext(configuration: Configuration, logger: Logger) async throws -> ServerContext {
        try Directories.ensureParent(of: configuration.databasePath)
        let database = try SQLiteDatabase(path: configuration.databasePath)
        let applied = try await Schema.migrator.migrate(database)
        if !applied.isEmpty {
            logger.info("database migrated", [("migrations", .string(applied.joined(separator: ",")))])
        }
        let keys = try KeyStore.load(
            dir: configuration.keysDirectory,
            activationDelay: TimeInterval(configuration.keys.activationDelay),
            maxTokenLifetime: TimeInterval(configuration.longestSignedTokenLifetime)
        )
        let context = try ServerContext(
            configuration: configuration,
            database: database,
            keys: keys,
            serverSecret: try ServerSecret.load(directory: configuration.keysDirectory),
            logger: logger,
            metrics: Metrics()
        )
        try await Application.prepare(context)
        return context
    }

    /// Starts serving and returns the bound addresses (port 0 becomes the real port).
    @discardableResult
    public func start() throws -> [SocketAddress] {
        let addresses = try server.start()
        let keys = context.keys
        let logger = context.logger.named("keys")
        keyWatcher.withLock { watcher in
            watcher = Task.detached {
                while !Task.isCancelled {
                    try? await Task.sleep(for: Application.keyReloadInterval)
                    do {
                        if try keys.reloadIfChanged() { logger.info("signing keys reloaded") }
                    } catch {
                        logger.error("signing keys could not be reloaded", [("error", .string("\(error)"))])
                    }
                }
            }
        }
        return addresses
    }

    /// Stops accepting, lets in-flight requests finish, then closes the database.
    public func shutdown() async {
        keyWatcher.withLock { $0?.cancel() }
        await server.shutdown()
        context.database.close()
    }
}

/// Creating the folders configuration paths live in.
enum Directories {
    static func ensureParent(of path: String) throws {
        let parent = FilePath.directory(of: path)
        guard !FileManager.default.fileExists(atPath: parent) else { return }
        try FileManager.default.createDirectory(
            atPath: parent,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
    }
}
