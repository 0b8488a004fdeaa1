/// Decodes `Decodable` types from a parsed ``JSONValue``, like `JSONDecoder` but over the
/// strict parser (duplicate names rejected) and without its per-call set-up cost, which
/// dominated token verification after the RSA operation. Coding paths are only built when an
/// error needs one.
struct JSONValueDecoder {
    /// Parses `bytes` strictly and decodes a `T` from them.
    static func decode<T: Decodable>(_: T.Type, from bytes: [UInt8]) throws -> T {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "\(error.reason) at offset \(error.offset)")
            )
        }
        return try T(from: TreeDecoder(value: value, codingPath: []))
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ index: Int) {
        intValue = index
        stringValue = "\(index)"
    }
    init?(intValue: Int) { self.init(intValue) }
    init?(stringValue: String) { nil }
}

private func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) -> DecodingError
{
    .typeMismatch(type, .init(codingPath: path(), debugDescription: "expected \(type), found \(value.kind)"))
}

/// Primitive conversions, each a direct switch on the value (no dynamic casts).
private enum Primitive {
    static func string(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let string) = value else { throw mismatch(String.self, value, path()) }
        return string
    }

    static func bool(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(Bool.self, value, path()) }
        return bool
    }

    static func double(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Double {
        guard case .number(let text) = value, let double = Double(text), double.isFinite else {
            throw mismatch(Double.self, value, path())
        }
        return double
    }

    static func integer<I: FixedWidthInteger>(
        _ type: I.Type,
        _ value: JSONValue,
        _ path: @autoclosure () -> [any CodingKey]
    ) throws -> I {
        guard case .number(let text) = value else { throw mismatch(type, value, path()) }
        if let exact = I(text) { return exact }
        // 1e3 or 10.0 are integers too, if exact and in range.
        if let double = Double(text), double.rounded() == double, let exact = I(exactly: double) { return exact }
        throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "not a \(type): \(text)"))
    }

    /// The generic entry point: primitives by type identity, everything else through `init(from:)`.
    static func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T {
        if T.self == String.self, let result = try string(value, path) as? T { return result }
        if T.self == [String].self {
            guard case .array(let elements) = value else { throw mismatch(type, value, path) }
            var strings: [String] = []
            strings.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                strings.append(try string(element, path + [IndexKey(index)]))
            }
            if let result = strings as? T { return result }
        }
        if T.self == Double.self, let result = try double(value, path) as? T { return result }
        if T.self == Bool.self, let result = try bool(value, path) as? T { return result }
        if T.self == Int.self, let result = try integer(Int.self, value, path) as? T { return result }
        if T.self == Int64.self, let result = try integer(Int64.self, value, path) as? T { return result }
        return try T(from: TreeDecoder(value: value, codingPath: path))
    }
}

private struct TreeDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy _: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: Any].self, value, codingPath) }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([Any].self, value, codingPath) }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(String, JSONValue)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

    func lookup(_ key: Key) -> JSONValue? {
        let name = key.stringValue
        for member in members where member.0 == name { return member.1 }
        return nil
    }

    func require(_ key: Key) throws -> JSONValue {
        guard let value = lookup(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return value
    }

    /// The member's value, or `nil` when absent or JSON `null` (what `decodeIfPresent` means).
    func present(_ key: Key) -> JSONValue? {
        guard let value = lookup(key) else { return nil }
        if case .null = value { return nil }
        return value
    }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try require(key) { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try Primitive.decode(type, try require(key), codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = present(key) else { return nil }
        return try Primitive.decode(type, value, codingPath + [key])
    }

    func decode(_: String.Type, forKey key: Key) throws -> String {
        try Primitive.string(try require(key), codingPath + [key])
    }

    func decodeIfPresent(_: String.Type, forKey key: Key) throws -> String? {
        guard let value = present(key) else { return nil }
        return try Primitive.string(value, codingPath + [key])
    }

    func decode(_: Bool.Type, forKey key: Key) throws -> Bool {
        try Primitive.bool(try require(key), codingPath + [key])
    }

    func decodeIfPresent(_: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let value = present(key) else { return nil }
        return try Primitive.bool(value, codingPath + [key])
    }

    func decode(_: Double.Type, forKey key: Key) throws -> Double {
        try Primitive.double(try require(key), codingPath + [key])
    }

    func decodeIfPresent(_: Double.Type, forKey key: Key) throws -> Double? {
        guard let value = present(key) else { return nil }
        return try Primitive.double(value, codingPath + [key])
    }

    func decode(_: Float.Type, forKey key: Key) throws -> Float {
        Float(try Primitive.double(try require(key), codingPath + [key]))
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let value = present(key) else { return nil }
        return try Primitive.integer(type, value, codingPath + [key])
    }

    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        guard let value = present(key) else { return nil }
        return try Primitive.integer(type, value, codingPath + [key])
    }

    private func integer<I: FixedWidthInteger>(_ type: I.Type, _ key: Key) throws -> I {
        try Primitive.integer(type, try require(key), codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(value: try require(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(value: try require(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        TreeDecoder(value: .object(members), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(value: lookup(key) ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func next() throws -> (JSONValue, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                JSONValue.self,
                .init(codingPath: codingPath, debugDescription: "array is at its end")
            )
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if case .null = elements[currentIndex] {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try Primitive.decode(type, value, path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next()
        return try TreeDecoder(value: value, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next()
        return try TreeDecoder(value: value, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next()
        return TreeDecoder(value: value, codingPath: path)
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try Primitive.decode(type, value, codingPath)
    }
}
