import OmniStore

extension Row {
    /// The column decoded as the type the context expects (`get` needs the type spelled out).
    func column<T: SQLValueConvertible>(_ name: String) throws -> T { try get(T.self, name) }
}
