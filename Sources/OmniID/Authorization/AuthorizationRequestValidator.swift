/// Checks the parameters of a request to the authorization endpoint against the client's registration.
///
/// The order matters (RFC 6749 §4.1.2.1): until the client and its redirect URI are established, an
/// error must not be redirected anywhere; after that every error goes back to the client.
public enum AuthorizationRequestValidator {
    /// Longest `state` and `nonce` taken; both come back in URLs and tokens.
    public static let maxStateLength = 1024
    public static let maxNonceLength = 512
    /// OpenID Connect Core §3.1.2.1 `prompt` values; `consent` and `select_account` are tolerated
    /// (first-party clients get no consent page, a browser holds one session).
    static let knownPrompts: Set<String> = ["none", "login", "consent", "select_account"]

    /// Validates `parameters` (query or form pairs, in order) for a client looked up by `client`.
    public static func validate(
        _ parameters: [(name: String, value: String)],
        client lookup: (String) -> Client?
    ) throws(AuthorizationRequestError) -> AuthorizationRequest {
        var values: [String: [String]] = [:]
        // RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted."
        for pair in parameters where !pair.value.isEmpty { values[pair.name, default: []].append(pair.value) }

        // RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
        for name in ["client_id", "redirect_uri"] where (values[name]?.count ?? 0) > 1 {
            throw .doNotRedirect(.invalidRequest("parameter '\(name)' is repeated"))
        }
        guard let clientID = values["client_id"]?.first, !clientID.isEmpty else {
            throw .doNotRedirect(.invalidRequest("client_id is required"))
        }
        guard let client = lookup(clientID) else {
            throw .doNotRedirect(.invalidRequest("unknown client_id"))
        }
        let redirectURI: String
        let given = values["redirect_uri"]?.first
        if let given {
            // RFC 9700 §4.1.3: exact matching (RFC 8252 §7.3 loopback ports aside).
            guard RedirectURIMatcher.match(given, registered: client.redirectURIs) != nil else {
                throw .doNotRedirect(.invalidRequest("redirect_uri is not registered for this client"))
            }
            redirectURI = given
        } else {
            // RFC 6749 §3.1.2.3: may be omitted only when exactly one URI is registered.
            guard client.redirectURIs.count == 1, let only = client.redirectURIs.first else {
                throw .doNotRedirect(.invalidRequest("redirect_uri is required for this client"))
            }
            redirectURI = only
        }

        // From here on errors are redirected, with the state when it is usable.
        let states = values["state"] ?? []
        let state = states.count == 1 ? states[0] : nil
        func fail(_ error: OAuthError) -> AuthorizationRequestError {
            .redirect(error, redirectURI: redirectURI, state: state)
        }
        if let name = values.first(where: { $0.value.count > 1 })?.key {
            throw fail(.invalidRequest("parameter '\(name)' is repeated"))
        }
        let single = values.compactMapValues(\.first)
        if let state, state.utf8.count > maxStateLength {
            throw .redirect(
                .invalidRequest("state is longer than \(maxStateLength) bytes"),
                redirectURI: redirectURI,
                state: nil
            )
        }
        // OpenID Connect Core §6: request objects are not supported.
        if single["request"] != nil {
            throw fail(OAuthError(.requestNotSupported, "request objects are not supported"))
        }
        if single["request_uri"] != nil {
            throw fail(OAuthError(.requestURINotSupported, "request_uri is not supported"))
        }
        // RFC 6749 §4.1.1 and §4.1.2.1.
        guard let responseType = single["response_type"], !responseType.isEmpty else {
            throw fail(.invalidRequest("response_type is required"))
        }
        guard responseType == "code" else {
            throw fail(OAuthError(.unsupportedResponseType, "only response_type=code is supported"))
        }
        if let mode = single["response_mode"], mode != "query" {
            throw fail(.invalidRequest("only response_mode=query is supported"))
        }
        guard client.allows(grantType: GrantType.authorizationCode) else {
            throw fail(.unauthorizedClient("this client may not use the authorization code grant"))
        }
        let scope = try validateScope(single["scope"], client: client).mapError(fail).get()
        let challenge = try validatePKCE(single, client: client).mapError(fail).get()
        let prompt = try validatePrompt(single["prompt"]).mapError(fail).get()
        var maxAge: Int?
        if let text = single["max_age"] {
            // OpenID Connect Core §3.1.2.1: a non-negative number of seconds.
            guard let value = Int(text), value >= 0, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw fail(.invalidRequest("max_age must be a non-negative integer"))
            }
            maxAge = value
        }
        if let nonce = single["nonce"], nonce.utf8.count > maxNonceLength {
            throw fail(.invalidRequest("nonce is longer than \(maxNonceLength) bytes"))
        }
        return AuthorizationRequest(
            clientID: client.id,
            redirectURI: redirectURI,
            redirectURIWasGiven: given != nil,
            scope: scope.description,
            state: state,
            nonce: single["nonce"].flatMap { $0.isEmpty ? nil : $0 },
            codeChallenge: challenge,
            prompt: prompt,
            maxAge: maxAge,
            loginHintPhone: single["login_hint"].flatMap { try? PhoneNumber.normalize($0) }
        )
    }

    /// RFC 6749 §3.3. Without `scope` the request gets `openid` when the client may have it: the
    /// smallest useful default, never `offline_access` by surprise.
    static func validateScope(_ text: String?, client: Client) -> Result<ScopeSet, OAuthError> {
        guard let text else {
            return client.scopes.contains("openid")
                ? .success(ScopeSet(["openid"])) : .failure(.invalidScope("scope is required for this client"))
        }
        do {
            let scope = try ScopeSet.parse(text)
            guard scope.isSubset(of: client.scopes) else {
                let extra = scope.tokens.filter { !client.scopes.contains($0) }.joined(separator: " ")
                return .failure(.invalidScope("scope not allowed for this client: \(extra)"))
            }
            return .success(scope)
        } catch {
            return .failure(error)
        }
    }

    /// RFC 7636 §4.3 with RFC 9700 §2.1.1: S256 only, required for public clients.
    static func validatePKCE(_ single: [String: String], client: Client) -> Result<String?, OAuthError> {
        let challenge = single["code_challenge"]
        let method = single["code_challenge_method"]
        guard let challenge else {
            if method != nil { return .failure(.invalidRequest("code_challenge_method without code_challenge")) }
            // RFC 9700 §2.1.1: public clients MUST use PKCE.
            return client.isConfidential
                ? .success(nil) : .failure(.invalidRequest("code_challenge is required for public clients (PKCE)"))
        }
        // RFC 7636 §4.3: an absent method means "plain", which is refused like an explicit one.
        guard let method else {
            return .failure(.invalidRequest("code_challenge_method is required and must be S256 (plain is refused)"))
        }
        guard method == "S256" else {
            return .failure(.invalidRequest("code_challenge_method must be S256"))
        }
        // RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters of the base64url alphabet.
        guard challenge.utf8.count == 43, challenge.utf8.allSatisfy(isBase64URL) else {
            return .failure(.invalidRequest("code_challenge must be 43 base64url characters (S256)"))
        }
        return .success(challenge)
    }

    /// OpenID Connect Core §3.1.2.1: `none` must not be combined with another value.
    static func validatePrompt(_ text: String?) -> Result<[String], OAuthError> {
        guard let text else { return .success([]) }
        let values = text.split(separator: " ").map(String.init)
        guard let unknown = values.first(where: { !knownPrompts.contains($0) }) else {
            if values.contains("none") && values.count > 1 {
                return .failure(.invalidRequest("prompt=none cannot be combined with other values"))
            }
            return .success(values)
        }
        return .failure(.invalidRequest("unsupported prompt value: \(unknown)"))
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
