import Foundation
import XCTest

@testable import OmniLog

final class LoggerTests: XCTestCase {
    func testLineIsOneJSONObjectWithTypedFields() throws {
        let sink = MemorySink()
        let log = Logger(label: "http", sink: sink)
        log.info("listening", [("address", "127.0.0.1:8080"), ("loops", 2), ("tls", false), ("ratio", 0.5)])
        XCTAssertEqual(sink.lines.count, 1)
        let line = try XCTUnwrap(sink.lines.first)
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        )
        XCTAssertEqual(object["level"] as? String, "info")
        XCTAssertEqual(object["logger"] as? String, "http")
        XCTAssertEqual(object["msg"] as? String, "listening")
        XCTAssertEqual(object["address"] as? String, "127.0.0.1:8080")
        XCTAssertEqual(object["loops"] as? Int, 2)
        XCTAssertEqual(object["tls"] as? Bool, false)
        XCTAssertEqual(object["ratio"] as? Double, 0.5)
        let timestamp = try XCTUnwrap(object["ts"] as? String)
        XCTAssertEqual(timestamp.count, 24)
        XCTAssertTrue(timestamp.hasSuffix("Z"))
    }

    func testControlCharactersAndQuotesAreEscaped() throws {
        let sink = MemorySink()
        Logger(label: "t", sink: sink).warning("a\"b\\c\nd\u{01}\u{2028}", [("k\"", "\u{7F}")])
        let line = try XCTUnwrap(sink.lines.first)
        XCTAssertFalse(line.contains("\n"))
        XCTAssertTrue(line.contains(#""msg":"a\"b\\c\nd\u0001\u2028""#))
        XCTAssertTrue(line.contains(#""k\"":"\u007f""#))
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        )
        XCTAssertEqual(object["msg"] as? String, "a\"b\\c\nd\u{01}\u{2028}")
    }

    func testLinesBelowTheMinimumLevelAreDropped() {
        let sink = MemorySink()
        let log = Logger(label: "t", minimumLevel: .warning, sink: sink)
        log.debug("d")
        log.info("i")
        log.warning("w")
        log.error("e")
        XCTAssertEqual(sink.lines.count, 2)
        XCTAssertEqual(LogLevel(name: "warning"), .warning)
        XCTAssertNil(LogLevel(name: "verbose"))
    }

    func testNonFiniteDoublesBecomeNull() {
        let sink = MemorySink()
        Logger(label: "t", sink: sink).info("m", [("x", .double(.nan))])
        XCTAssertTrue(sink.lines[0].hasSuffix(#","x":null}"#))
    }

    func testPhoneNumbersAreMaskedKeepingPrefixAndLastFour() {
        XCTAssertEqual(Redact.phone("+8613800000000"), "+86138****0000")
        XCTAssertEqual(Redact.phone("+8613912345678"), "+86139****5678")
        XCTAssertEqual(Redact.phone("+14155550123"), "+1415****0123")
        XCTAssertEqual(Redact.phone("+12345"), "+****45")
        XCTAssertEqual(Redact.phone("13800000000"), "****")
    }
}
