import Foundation
import Testing

@testable import OmniHTTP

@Suite("Forms, cookies, JSON and response helpers")
struct FormsAndCookiesTests {
    @Test func formDecodingHandlesPlusAndPercentEscapes() throws {
        let form = try FormParameters(parsing: "a=1&b=x+y&c=%C3%A9t%C3%A9&empty=&flag&&d=%2B"[...])
        #expect(form["a"] == "1")
        #expect(form["b"] == "x y")
        #expect(form["c"] == "été")
        #expect(form["empty"] == "")
        #expect(form["flag"] == "")
        #expect(form["d"] == "+")
    }

    @Test func invalidPercentEscapesAreRefused() {
        #expect(throws: FormDecodingError.invalidPercentEscape) { try FormParameters(parsing: "a=%G1"[...]) }
        #expect(throws: FormDecodingError.invalidPercentEscape) { try FormParameters(parsing: "a=%4"[...]) }
        #expect(throws: FormDecodingError.invalidPercentEscape) { try FormParameters(parsing: "a=%"[...]) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: FormDecodingError.invalidUTF8) { try FormParameters(parsing: "a=%C3%28"[...]) }
        #expect(throws: FormDecodingError.invalidUTF8) { try FormParameters(parsing: [0x61, 0x3D, 0xFF]) }
    }

    @Test func repeatedOAuthParametersAreDetected() throws {
        let form = try FormParameters(parsing: "client_id=a&scope=x&client_id=b&state=1&state=1"[...])
        #expect(form.duplicatedNames == ["client_id", "state"])
        #expect(throws: FormDecodingError.duplicateParameter("client_id")) { try form.single("client_id") }
        #expect(try form.single("scope") == "x")
        #expect(throws: FormDecodingError.duplicateParameter("state")) { try form.rejectDuplicates(among: ["state"]) }
        #expect(throws: Never.self) { try form.rejectDuplicates(among: ["scope"]) }
    }

    @Test func formEncodingRoundTrips() throws {
        let form = FormParameters([("redirect_uri", "https://a.example/cb?x=1&y=2"), ("state", "a b+c/é")])
        #expect(form.encoded == "redirect_uri=https%3A%2F%2Fa.example%2Fcb%3Fx%3D1%26y%3D2&state=a+b%2Bc%2F%C3%A9")
        #expect(try FormParameters(parsing: form.encoded[...]) == form)
    }

    @Test func requestQueryAndFormBodyAreDecoded() throws {
        let request = HTTPRequest(
            method: .POST,
            target: "/token?x=%20y",
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"],
            body: Array("grant_type=authorization_code&code=abc".utf8)
        )
        #expect(try request.queryParameters()["x"] == " y")
        #expect(try request.formParameters()["grant_type"] == "authorization_code")
        let json = HTTPRequest(method: .POST, target: "/t", headers: ["Content-Type": "application/json"], body: [])
        #expect(throws: RequestBodyError.unsupportedMediaType(expected: "application/x-www-form-urlencoded")) {
            try json.formParameters()
        }
    }

    struct Phone: Decodable {
        let phone: String
        let attempts: Int
    }

    @Test func jsonDecodingReportsTheFieldAtFault() throws {
        func request(_ body: String, type: String = "application/json") -> HTTPRequest {
            HTTPRequest(method: .POST, target: "/", headers: ["Content-Type": type], body: Array(body.utf8))
        }
        #expect(try request(#"{"phone":"+8613800000000","attempts":1}"#).decodeJSON(Phone.self).attempts == 1)
        #expect(throws: RequestBodyError.invalidJSON("missing field 'attempts'")) {
            try request(#"{"phone":"x"}"#).decodeJSON(Phone.self)
        }
        #expect(throws: RequestBodyError.invalidJSON("'attempts' must be an integer")) {
            try request(#"{"phone":"x","attempts":"1"}"#).decodeJSON(Phone.self)
        }
        #expect(throws: RequestBodyError.invalidJSON("malformed JSON")) { try request("{").decodeJSON(Phone.self) }
        #expect(throws: RequestBodyError.unsupportedMediaType(expected: "application/json")) {
            try request("{}", type: "text/plain").decodeJSON(Phone.self)
        }
        #expect(RequestBodyError.invalidJSON("x").status == .badRequest)
    }

    @Test func cookiesAreParsed() {
        let headers: HTTPHeaders = ["Cookie": "sid=abc; theme=\"dark\"; sid=second; broken; =novalue"]
        let cookies = HTTPCookies(headers: headers)
        #expect(cookies["sid"] == "abc")
        #expect(cookies["theme"] == "dark")
        #expect(cookies.pairs.count == 3)
    }

    @Test func setCookieHasSafeDefaultsAndAttributes() throws {
        var cookie = SetCookie(name: "omniid_sso", value: "abc.def-ghi", maxAge: 3600)
        cookie.domain = "id.example.com"
        cookie.sameSite = .strict
        #expect(
            try cookie.headerValue()
                == "omniid_sso=abc.def-ghi; Path=/; Domain=id.example.com; Max-Age=3600; Secure; HttpOnly; SameSite=Strict"
        )
        var response = HTTPResponse()
        try response.setCookie(SetCookie(name: "a", value: "b"))
        #expect(response.headers["Set-Cookie"] == "a=b; Path=/; Secure; HttpOnly; SameSite=Lax")
    }

    @Test func setCookieRefusesInjection() {
        #expect(throws: SetCookieError.invalidValue) { try SetCookie(name: "a", value: "x; Domain=evil").headerValue() }
        #expect(throws: SetCookieError.invalidValue) {
            try SetCookie(name: "a", value: "x\r\nSet-Cookie: b").headerValue()
        }
        #expect(throws: SetCookieError.invalidName) { try SetCookie(name: "a b", value: "x").headerValue() }
        var path = SetCookie(name: "a", value: "b")
        path.path = "/;x"
        #expect(throws: SetCookieError.invalidAttribute("Path")) { try path.headerValue() }
        var none = SetCookie(name: "a", value: "b")
        none.sameSite = SameSiteNone.value
        none.secure = false
        #expect(throws: SetCookieError.sameSiteNoneRequiresSecure) { try none.headerValue() }
    }

    enum SameSiteNone {
        static let value = SetCookie.SameSite.none
    }

    @Test func headerInjectionIsRefusedAtTheAPI() {
        var headers = HTTPHeaders()
        #expect(throws: HTTPHeaderError.invalidValue(name: "X-A")) { try headers.add("X-A", "1\r\nSet-Cookie: evil=1") }
        #expect(throws: HTTPHeaderError.invalidValue(name: "X-A")) { try headers.add("X-A", "1\n2") }
        #expect(throws: HTTPHeaderError.invalidValue(name: "X-A")) { try headers.add("X-A", "1\u{0}") }
        #expect(throws: HTTPHeaderError.invalidName("X A")) { try headers.add("X A", "1") }
        #expect(throws: HTTPHeaderError.invalidName("X:A")) { try headers.set("X:A", "1") }
        #expect(headers.count == 0)
    }

    @Test func headersLookupIsCaseInsensitiveAndOrdered() throws {
        var headers = HTTPHeaders()
        try headers.add("Accept", "a")
        try headers.add("ACCEPT", "b")
        try headers.add("X-List", "one, two")
        #expect(headers["accept"] == "a")
        #expect(headers.values(for: "Accept") == ["a", "b"])
        #expect(headers.listContains("x-list", token: "TWO"))
        try headers.set("accept", "c")
        #expect(headers.values(for: "Accept") == ["c"])
    }

    @Test func redirectLocationIsEscaped() {
        let response = HTTPResponse.redirect(
            to: "https://app.example/cb?code=a b&state=%41%zz\r\nSet-Cookie: x=1&name=é",
            status: .seeOther
        )
        #expect(response.status == .seeOther)
        #expect(
            response.headers["Location"]
                == "https://app.example/cb?code=a%20b&state=%41%25zz%0D%0ASet-Cookie:%20x=1&name=%C3%A9"
        )
    }

    @Test func jsonAndNoStoreHelpers() throws {
        struct Body: Encodable {
            let b: Int
            let a: String
        }
        let response = try HTTPResponse.json(Body(b: 1, a: "x/y"), status: .created).noStore()
        #expect(response.status == .created)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"a":"x/y","b":1}"#)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(HTTPResponse.noContent.status.code == 204)
        #expect(HTTPResponse.html("<p>").headers["Content-Type"] == "text/html; charset=utf-8")
    }

    @Test func defaultErrorMapperHidesInternalErrors() {
        struct Secret: Error {}
        let request = HTTPRequest(method: .GET, target: "/")
        let hidden = HTTPErrorResponses.defaultMapper(Secret(), request)
        #expect(hidden.status == .internalServerError)
        #expect(String(decoding: hidden.body, as: UTF8.self).contains("internal error"))
        let mapped = HTTPErrorResponses.defaultMapper(FormDecodingError.duplicateParameter("scope"), request)
        #expect(mapped.status == .badRequest)
        #expect(
            String(decoding: mapped.body, as: UTF8.self)
                == #"{"error":"bad_request","error_description":"parameter 'scope' is repeated"}"#
        )
    }

    @Test func listenAddressesParse() throws {
        #expect(try SocketAddress(parsing: "127.0.0.1:8080").description == "127.0.0.1:8080")
        #expect(try SocketAddress(parsing: "[::1]:0").family == .ipv6)
        #expect(try SocketAddress(parsing: "localhost:9").host == "127.0.0.1")
        #expect(throws: SocketAddressError.self) { try SocketAddress(parsing: "example.com:80") }
        #expect(throws: SocketAddressError.self) { try SocketAddress(parsing: "127.0.0.1:70000") }
        #expect(throws: SocketAddressError.self) { try SocketAddress(parsing: "::1:80") }
    }
}
