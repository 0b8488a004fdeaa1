import OmniHTTP
import OmniID

/// The token side of the protocol: `/token`, `/revoke`, `/introspect`, `/userinfo` and discovery.
enum TokenRoutes {
    static func register(_ router: inout Router, context: ServerContext) throws {
        let endpoint = TokenEndpoint(handlers: context.tokenGrantHandlers)
        TokenRoute.register(&router, context: context, endpoint: endpoint)
        RevocationRoute.register(&router, context: context)
        IntrospectionRoute.register(&router, context: context)
        UserInfoRoute.register(&router, context: context)
        try DiscoveryRoute.register(&router, context: context, grantTypes: endpoint.grantTypes)
    }
}

/// Form bodies of the OAuth endpoints.
enum OAuthForm {
    /// The form parameters, each at most once (RFC 6749 §3.2: "Request and response parameters
    /// MUST NOT be included more than once"). Another media type is 415 (RFC 6749 §3.2 requires
    /// `application/x-www-form-urlencoded`); a malformed body is `invalid_request`.
    static func parse(_ request: HTTPRequest) throws -> FormParameters {
        let form: FormParameters
        do {
            form = try request.formParameters()
        } catch .unsupportedMediaType(let expected) {
            throw RequestBodyError.unsupportedMediaType(expected: expected)
        } catch {
            throw OAuthError.invalidRequest("the body is not a valid form: \(error.publicMessage)")
        }
        if let name = form.duplicatedNames.first {
            throw OAuthError.invalidRequest("parameter '\(name)' is repeated")
        }
        return form
    }

    /// The single-valued parameters as a dictionary.
    static func dictionary(_ form: FormParameters) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in form { parameters[pair.name] = pair.value }
        return parameters
    }
}
