import OmniStore
import XCTest

/// A fresh temporary database (deleted on close) with one table of untyped columns, so values
/// come back in the storage class they were bound with.
func makeDatabase(readers: Int = 4) throws -> SQLiteDatabase {
    try SQLiteDatabase.temporary(configuration: .init(readerCount: readers))
}

/// The error `body` throws, or a test failure if it returns.
func thrownError<T>(
    file: StaticString = #filePath,
    line: UInt = #line,
    _ body: () async throws -> T
) async -> (any Error)? {
    do {
        _ = try await body()
        XCTFail("expected an error", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// The `StoreError` `body` throws, or a test failure.
func thrownStoreError<T>(
    file: StaticString = #filePath,
    line: UInt = #line,
    _ body: () async throws -> T
) async -> StoreError? {
    let error = await thrownError(file: file, line: line, body)
    guard let error else { return nil }
    guard let storeError = error as? StoreError else {
        XCTFail("expected a StoreError, got \(error)", file: file, line: line)
        return nil
    }
    return storeError
}

struct TestFailure: Error, Equatable {}
