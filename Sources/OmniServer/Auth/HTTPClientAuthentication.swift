import FoundationEssentials
public import OmniHTTP
public import OmniID

/// Reads client credentials from a request (RFC 6749 §2.3.1) and authenticates them.
///
/// - `client_secret_basic`: `Authorization: Basic base64(urlencode(id) ":" urlencode(secret))`;
///   both halves are `application/x-www-form-urlencoded` before base64 (§2.3.1), so they are
///   form-decoded here (`+` is a space, `%3A` a colon).
/// - `client_secret_post`: `client_id` and `client_secret` in the form body.
/// - `none`: a public client's `client_id` alone (§3.2.1).
///
/// Two methods in one request are `invalid_request` (§2.3: "MUST NOT use more than one
/// authentication method in each request"). Authorization schemes other than Basic are ignored.
public struct HTTPClientAuthentication: Sendable {
    public let authenticator: ClientAuthenticator

    public init(registry: ClientRegistry) { authenticator = ClientAuthenticator(registry: registry) }

    /// The credentials presented, without checking them.
    public static func credentials(
        _ request: HTTPRequest,
        form: FormParameters
    ) throws(OAuthError) -> ClientCredentials {
        let formID = form["client_id"]
        let formSecret = form["client_secret"]
        if let header = request.headers["Authorization"], header.count > 6,
            header.prefix(6).lowercased() == "basic "
        {
            guard formSecret == nil else {
                throw .invalidRequest("use one client authentication method: Basic or client_secret, not both")
            }
            let (id, secret) = try basic(String(header.dropFirst(6)))
            // A client_id in the body is tolerated when it names the same client.
            if let formID, formID != id { throw .invalidRequest("client_id differs from the Basic credentials") }
            return .basic(clientID: id, secret: secret)
        }
        guard let formID, !formID.isEmpty else {
            if formSecret != nil { throw .invalidRequest("client_secret without client_id") }
            throw .invalidClient("client authentication is required")
        }
        if let formSecret { return .post(clientID: formID, secret: formSecret) }
        return .none(clientID: formID)
    }

    /// Decodes `base64(urlencode(id) ":" urlencode(secret))`.
    static func basic(_ encoded: String) throws(OAuthError) -> (String, String) {
        let trimmed = String(encoded.drop { $0 == " " })
        guard trimmed.utf8.count <= 2048, let data = Data(base64Encoded: trimmed),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { throw .invalidClient("malformed Basic credentials") }
        // RFC 6749 §2.3.1 asks clients to form-encode both halves. Some (authlib ≤ 1.9, many HTTP
        // libraries' plain Basic) send them raw; a half that is not valid form-encoding (a `%` not
        // starting an escape) can only have been sent raw, so it is taken as it is.
        let rawID = text[..<colon]
        let rawSecret = text[text.index(after: colon)...]
        let id = (try? PercentEncoding.decode(rawID, plusAsSpace: true)) ?? String(rawID)
        let secret = (try? PercentEncoding.decode(rawSecret, plusAsSpace: true)) ?? String(rawSecret)
        guard !id.isEmpty else { throw .invalidClient("malformed Basic credentials") }
        return (id, secret)
    }

    /// Authenticates the request's client.
    public func authenticate(_ request: HTTPRequest, form: FormParameters) async throws -> Client {
        try await authenticator.authenticate(try Self.credentials(request, form: form))
    }
}
