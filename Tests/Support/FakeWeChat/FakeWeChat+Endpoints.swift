import FoundationEssentials
import OmniHTTP
import Synchronization

extension FakeWeChat {
    /// WeChat's errmsg for the errcodes the fake sends (as seen in WeChat's answers and docs).
    static func errmsg(_ errcode: Int) -> String {
        switch errcode {
        case -1: "system error"
        case 40001: "invalid credential, access_token is invalid or not latest"
        case 40002: "invalid grant_type"
        case 40013: "invalid appid"
        case 40029: "invalid code"
        case 40125: "invalid appsecret"
        case 40163: "code been used"
        case 40226: "high risk user"
        case 41001: "access_token missing"
        case 41002: "appid missing"
        case 41004: "appsecret missing"
        case 41008: "missing code"
        case 42001: "access_token expired"
        case 43001: "require GET method"
        case 43002: "require POST method"
        case 45011: "api minute-quota reach limit  mustslower  retry next minute"
        case 47001: "data format error"
        default: "error"
        }
    }

    func answer(_ endpoint: Endpoint, _ request: HTTPRequest) async -> HTTPResponse {
        state.withLock { $0.calls[endpoint, default: 0] += 1 }
        let query = (try? request.queryParameters()) ?? FormParameters()
        switch endpoint {
        case .code2Session:
            return await exchangeCode(request, query, codeParameter: "js_code", endpoint: endpoint)
        case .snsAccessToken:
            return await exchangeCode(request, query, codeParameter: "code", endpoint: endpoint)
        case .getAccessToken: return await accessToken(request, query)
        case .getPhoneNumber: return await phoneNumber(request, query)
        }
    }

    /// appid and secret as every secret-bearing endpoint checks them.
    private func checkApp(_ query: FormParameters) -> Int? {
        guard let appID = query["appid"], !appID.isEmpty else { return 41002 }
        guard let secret = state.withLock({ $0.apps[appID] }) else { return 40013 }
        guard let given = query["secret"], !given.isEmpty else { return 41004 }
        return given == secret ? nil : 40125
    }

    // GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code
    // GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code
    private func exchangeCode(
        _ request: HTTPRequest,
        _ query: FormParameters,
        codeParameter: String,
        endpoint: Endpoint
    ) async -> HTTPResponse {
        guard request.method == .GET else { return Self.error(43001) }
        if let errcode = checkApp(query) { return Self.error(errcode) }
        guard query["grant_type"] == "authorization_code" else { return Self.error(40002) }
        guard let code = query[codeParameter], !code.isEmpty else { return Self.error(41008) }
        let appID = query["appid"] ?? ""
        guard let scenario = consume(code, appID: appID, phone: false) else {
            return Self.error(state.withLock { $0.usedCodes.contains(code) } ? 40163 : 40029)
        }
        if scenario.delay > .zero { try? await Task.sleep(for: scenario.delay) }
        switch scenario.outcome {
        case .user(let openID, let unionID):
            var fields: [String: any Sendable] = ["openid": openID]
            if let unionID { fields["unionid"] = unionID }
            if endpoint == .code2Session {
                // Only the caller that presented the js_code ever sees its session_key.
                fields["session_key"] = Self.randomToken(24)
            } else {
                fields["access_token"] = Self.randomToken(32)
                fields["refresh_token"] = Self.randomToken(32)
                fields["expires_in"] = 7200
                fields["scope"] = "snsapi_userinfo"
            }
            return Self.json(fields, contentType: "text/plain")
        default:
            return Self.respond(scenario.outcome)
        }
    }

    // GET /cgi-bin/token?grant_type=client_credential&appid&secret
    private func accessToken(_ request: HTTPRequest, _ query: FormParameters) async -> HTTPResponse {
        let (delay, forced) = state.withLock { ($0.tokenDelay, $0.tokenOutcome) }
        if delay > .zero { try? await Task.sleep(for: delay) }
        if let forced { return Self.respond(forced) }
        guard request.method == .GET else { return Self.error(43001) }
        guard query["grant_type"] == "client_credential" else { return Self.error(40002) }
        if let errcode = checkApp(query) { return Self.error(errcode) }
        let appID = query["appid"] ?? ""
        let (token, lifetime) = state.withLock { state in
            state.tokenSerial += 1
            let token = "ACCESS_TOKEN_\(state.tokenSerial)_" + Self.randomToken(16)
            state.tokens[token] = IssuedToken(appID: appID, expiresAt: .now + .seconds(state.tokenLifetime))
            return (token, state.tokenLifetime)
        }
        return Self.json(["access_token": token, "expires_in": lifetime])
    }

    // POST /wxa/business/getuserphonenumber?access_token=ACCESS_TOKEN  {"code": "..."}
    private func phoneNumber(_ request: HTTPRequest, _ query: FormParameters) async -> HTTPResponse {
        guard request.method == .POST else { return Self.error(43002) }
        guard let token = query["access_token"], !token.isEmpty else { return Self.error(41001) }
        guard let issued = state.withLock({ $0.tokens[token] }) else { return Self.error(40001) }
        guard issued.expiresAt > .now else { return Self.error(42001) }
        struct Body: Decodable { let code: String? }
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(request.body)) else {
            return Self.error(47001)
        }
        guard let code = body.code, !code.isEmpty else { return Self.error(41008) }
        guard let scenario = consume(code, appID: issued.appID, phone: true) else {
            return Self.error(state.withLock { $0.usedCodes.contains(code) } ? 40163 : 40029)
        }
        if scenario.delay > .zero { try? await Task.sleep(for: scenario.delay) }
        guard case .phone(let countryCode, let pure) = scenario.outcome else { return Self.respond(scenario.outcome) }
        let phoneInfo: [String: any Sendable] = [
            "phoneNumber": countryCode == "86" ? pure : "+" + countryCode + pure,
            "purePhoneNumber": pure,
            "countryCode": Int(countryCode) ?? 0,
            "watermark": ["timestamp": 1_637_744_274, "appid": issued.appID] as [String: any Sendable],
        ]
        return Self.json(["errcode": 0, "errmsg": "ok", "phone_info": phoneInfo])
    }

    /// The scenario of `code` if it was issued to `appID` and not used; a success uses it up.
    private func consume(_ code: String, appID: String, phone: Bool) -> Scenario? {
        state.withLock { state in
            guard !state.usedCodes.contains(code),
                let scenario = phone ? state.phoneCodes[code] : state.codes[code],
                scenario.appID == appID
            else { return nil }
            switch scenario.outcome {
            case .user, .phone: state.usedCodes.insert(code)
            default: break
            }
            return scenario
        }
    }

    static func respond(_ outcome: Outcome) -> HTTPResponse {
        switch outcome {
        case .errcode(let errcode): return error(errcode)
        case .httpStatus(let code): return HTTPResponse(status: HTTPStatus(code: code, reasonPhrase: "Fake Failure"))
        case .invalidJSON:
            return HTTPResponse(headers: ["Content-Type": "text/html"], body: Array("<html>502 gateway</html>".utf8))
        case .user, .phone: return error(-1)
        }
    }

    /// `{"errcode","errmsg"}` with a request id, as WeChat appends one to every errmsg.
    static func error(_ errcode: Int) -> HTTPResponse {
        json(["errcode": errcode, "errmsg": errmsg(errcode) + ", rid: " + randomToken(8) + "-" + randomToken(8)])
    }

    static func json(
        _ object: [String: any Sendable],
        contentType: String = "application/json; encoding=utf-8"
    )
        -> HTTPResponse
    {
        HTTPResponse(headers: ["Content-Type": contentType], body: Array(JSONLiteral.encode(object).utf8))
    }

    static func randomToken(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<length).map { _ in alphabet.randomElement() ?? "x" })
    }
}

/// A tiny JSON writer for the fake's answers (strings, integers, nested objects).
enum JSONLiteral {
    static func encode(_ value: any Sendable) -> String {
        switch value {
        case let text as String:
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        case let number as Int: return String(number)
        case let object as [String: any Sendable]:
            let members = object.keys.sorted().map { encode($0) + ":" + encode(object[$0] ?? "") }
            return "{" + members.joined(separator: ",") + "}"
        default: return "null"
        }
    }
}
