import Foundation
import Testing

@testable import OmniHTTP

/// HTTPS against `openssl s_server` with a test CA made at run time.
@Suite("HTTPClient: TLS verification", .serialized)
struct HTTPClientTLSTests {
    /// A CA, a server for `localhost`/`127.0.0.1` and one for `wrong.example` only.
    private struct Fixture: Sendable {
        let pki: TestPKI
        let good: TLSTestServer
        let wrongName: TLSTestServer

        func stop() {
            good.stop()
            wrongName.stop()
            pki.remove()
        }
    }

    private static func fixture() async throws -> Fixture {
        try await onThread {
            let pki = try TestPKI.make()
            let good = try pki.issue("localhost", subjectAltName: "DNS:localhost,IP:127.0.0.1")
            let wrong = try pki.issue("wrong", subjectAltName: "DNS:wrong.example")
            let goodServer = try TLSTestServer(certificate: good.certificate, key: good.key)
            do {
                let wrongServer = try TLSTestServer(certificate: wrong.certificate, key: wrong.key)
                return Fixture(pki: pki, good: goodServer, wrongName: wrongServer)
            } catch {
                goodServer.stop()
                throw error
            }
        }
    }

    private static func trusting(_ pki: TestPKI) throws -> HTTPClient {
        var configuration = HTTPClientConfiguration()
        configuration.additionalTrustedCAFile = pki.caFile
        return try HTTPClient(configuration: configuration)
    }

    @Test func requestSucceedsWhenTheCAIsTrusted() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.stop() }
        let client = try Self.trusting(fixture.pki)
        // By DNS name (SNI + SAN DNS:localhost) and by IP literal (SAN IP:127.0.0.1).
        for host in ["localhost", "127.0.0.1"] {
            let response = try await get(client, "https://\(host):\(fixture.good.port)/?secret=S3")
            #expect(response.status.code == 200)
            // s_server -www describes the session it negotiated.
            #expect(response.text.contains("TLSv1.3") || response.text.contains("TLSv1.2"))
        }
    }

    @Test func untrustedCertificateIsATLSFailure() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.stop() }
        // Only the system store: the test CA is unknown.
        let error = await clientError(
            try HTTPClient(),
            HTTPClientRequest(url: "https://localhost:\(fixture.good.port)/")
        )
        guard case .tlsFailure(let reason) = error else {
            Issue.record("expected tlsFailure, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("certificate verify failed"), "\(reason)")
    }

    @Test func certificateForAnotherNameIsATLSFailure() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.stop() }
        let client = try Self.trusting(fixture.pki)
        let port = fixture.wrongName.port
        for url in ["https://localhost:\(port)/", "https://127.0.0.1:\(port)/"] {
            let error = await clientError(client, HTTPClientRequest(url: url))
            guard case .tlsFailure(let reason) = error else {
                Issue.record("expected tlsFailure for \(url), got \(String(describing: error))")
                continue
            }
            #expect(reason.contains("mismatch"), "\(reason)")
        }
    }

    @Test func plainHTTPToATLSPortFailsCleanly() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.stop() }
        let error = await clientError(
            try Self.trusting(fixture.pki),
            HTTPClientRequest(url: "http://127.0.0.1:\(fixture.good.port)/"),
            timeout: .seconds(10)
        )
        // The TLS server answers a plain request with an alert or a close, never with an HTTP response.
        #expect(error == .connectionClosed || { if case .malformedResponse = error { true } else { false } }())
    }

    @Test func serverOfferingOnlyTLS11IsRefused() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.stop() }
        let legacy = try await onThread {
            let leaf = try fixture.pki.issue("legacy", subjectAltName: "DNS:localhost,IP:127.0.0.1")
            return try TLSTestServer(
                certificate: leaf.certificate,
                key: leaf.key,
                extraArguments: ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"]
            )
        }
        defer { legacy.stop() }
        let error = await clientError(
            try Self.trusting(fixture.pki),
            HTTPClientRequest(url: "https://127.0.0.1:\(legacy.port)/")
        )
        guard case .tlsFailure = error else {
            Issue.record("expected tlsFailure, got \(String(describing: error))")
            return
        }
    }

    @Test func unreadableCAFileFailsAtSetup() throws {
        var configuration = HTTPClientConfiguration()
        configuration.additionalTrustedCAFile = "/nonexistent/ca.pem"
        #expect {
            try HTTPClient(configuration: configuration)
        } throws: { error in
            guard let error = error as? HTTPClientError, case .setupFailed = error else { return false }
            return true
        }
    }
}
