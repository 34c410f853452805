import Foundation

/// Files under Tests/Fixtures/plot, made by `make_fixtures.py` or committed golden images.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/plot")

    static func json(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// A JSON number, or "nan"/"inf" as the fixture script writes non-finite values.
    static func double(_ value: Any) -> Double {
        if let number = value as? Double { return number }
        if let text = value as? String { return Double(text) ?? .nan }
        return .nan
    }
}
