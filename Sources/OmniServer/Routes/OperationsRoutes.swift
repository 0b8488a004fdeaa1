import OmniHTTP

/// `/healthz` (the process answers), `/readyz` (the database answers and a signing key is
/// loaded) and `/metrics` (Prometheus text).
enum OperationsRoutes {
    static func register(_ router: inout Router, context: ServerContext) {
        router.inline(.GET, "/healthz") { _ in
            HTTPResponse.json(bytes: Array(#"{"status":"ok"}"#.utf8)).noStore()
        }
        router.get("/readyz") { _ in
            do {
                _ = try await context.database.read { db in try db.queryOne("SELECT 1") }
                _ = try context.keys.signingKey(at: context.now())
                return HTTPResponse.json(bytes: Array(#"{"status":"ready"}"#.utf8)).noStore()
            } catch {
                context.logger.warning("not ready", [("error", .string("\(type(of: error))"))])
                return HTTPResponse.json(
                    bytes: Array(#"{"status":"unavailable"}"#.utf8),
                    status: HTTPStatus(code: 503, reasonPhrase: "Service Unavailable")
                ).noStore()
            }
        }
        router.inline(.GET, "/metrics") { _ in
            var response = HTTPResponse.text(context.metrics.render())
            try response.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            return response.noStore()
        }
    }
}
