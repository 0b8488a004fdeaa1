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
    /// The key watcher and the expired-row sweeper: cancelled and awaited by ``shutdown()``
    /// before the database closes.
    private let background = Mutex<[Task<Void, Never>]>([])

    /// How often the key metadata is re-read, so `omniid keys rotate` from another process is
    /// noticed within 5 s (BRIEF: Standard protocol surface).
    static let keyReloadInterval: Duration = .seconds(2)

    /// When expired rows are deleted (``ExpiredRowSweeper``); nil: never.
    private let sweepSchedule: SweepSchedule?

    /// When ``ExpiredRowSweeper`` runs: a first sweep a while after start (not competing with
    /// start-up and the first burst of sign-ins), then at a fixed interval.
    public struct SweepSchedule: Sendable, Equatable {
        public var firstAfter: Duration
        public var every: Duration

        public init(firstAfter: Duration, every: Duration) {
            self.firstAfter = firstAfter
            self.every = every
        }

        /// A minute after start, then every 10 minutes.
        public static let standard = SweepSchedule(firstAfter: .seconds(60), every: .seconds(600))
    }

    public init(context: ServerContext, sweepSchedule: SweepSchedule? = .standard) throws {
        self.context = context
        self.sweepSchedule = sweepSchedule
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
        var tasks = [Self.watchKeys(context)]
        if let sweepSchedule { tasks.append(Self.sweepExpiredRows(context, on: sweepSchedule)) }
        background.withLock { $0 = tasks }
        return addresses
    }

    /// Re-reads the key metadata every ``keyReloadInterval`` until cancelled.
    private static func watchKeys(_ context: ServerContext) -> Task<Void, Never> {
        let keys = context.keys
        let logger = context.logger.named("keys")
        return Task.detached {
            while (try? await Task.sleep(for: keyReloadInterval)) != nil {
                do {
                    if try keys.reloadIfChanged() { logger.info("signing keys reloaded") }
                } catch {
                    logger.error("signing keys could not be reloaded", [("error", .string("\(error)"))])
                }
            }
        }
    }

    /// Runs ``ExpiredRowSweeper`` on `schedule` until cancelled.
    private static func sweepExpiredRows(_ context: ServerContext, on schedule: SweepSchedule) -> Task<Void, Never> {
        let sweeper = ExpiredRowSweeper(
            database: context.database,
            policy: ExpiredRowSweeper.Policy(
                longestTokenLifetime: TimeInterval(context.configuration.longestSignedTokenLifetime)
            )
        )
        let logger = context.logger.named("sweeper")
        return Task.detached {
            guard (try? await Task.sleep(for: schedule.firstAfter)) != nil else { return }
            repeat {
                do {
                    let deleted = try await sweeper.sweep(now: Date())
                    if !deleted.isEmpty {
                        logger.info(
                            "expired rows deleted",
                            deleted.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }
                        )
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("expired rows could not be deleted", [("error", .string("\(error)"))])
                }
            } while (try? await Task.sleep(for: schedule.every)) != nil
        }
    }

    /// Stops accepting, lets in-flight requests finish, then closes the database.
    public func shutdown() async {
        let tasks = background.withLock { tasks in
            defer { tasks = [] }
            return tasks
        }
        for task in tasks { task.cancel() }
        await server.shutdown()
        // A sweep batch in flight finishes its transaction first: nothing uses a closed database.
        for task in tasks { await task.value }
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
