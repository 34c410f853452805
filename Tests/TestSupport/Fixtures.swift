import Engine
import Foundation

/// The committed reference files of one test target, in `Tests/Fixtures/<folder>`: made by the
/// NumPy/PyTorch scripts there, or golden files. Each test target names its folder once
/// (`let Fixtures = FixtureFolder("engine")`).
public struct FixtureFolder: Sendable {
    public let directory: URL

    public init(_ folder: String) {
        directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(folder)
    }

    /// A JSON file whose top level is an object.
    public func json(_ name: String) throws -> [String: Any] {
        let object = try jsonValue(name)
        guard let dictionary = object as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: name])
        }
        return dictionary
    }

    /// A JSON file of any shape.
    public func jsonValue(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// A JSON number, or "nan"/"inf" as the fixture scripts write non-finite values.
    public func double(_ value: Any) -> Double {
        if let number = value as? Double { return number }
        if let text = value as? String { return Double(text) ?? .nan }
        return .nan
    }

    /// A tensor from a `{"shape": [...], "data": [...]}` object.
    public func tensor(_ object: Any, dtype: DType = .float64) throws -> Tensor {
        let o = object as! [String: Any]
        return try Tensor(shape: o["shape"] as! [Int], scalars: (o["data"] as! [NSNumber]).map(\.doubleValue), dtype: dtype)
    }

    /// A little-endian float16 `.npy` file (version 1, C order) as a tensor.
    public func npy(_ name: String, dtype: DType = .float32) throws -> Tensor {
        let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<10 + headerLength], as: UTF8.self)
        precondition(header.contains("'descr': '<f2'") && header.contains("'fortran_order': False"), "unexpected npy header \(header)")
        let shapeText = header.components(separatedBy: "'shape': (")[1].components(separatedBy: ")")[0]
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let start = 10 + headerLength
        let count = shape.reduce(1, *)
        let values = (0..<count).map { i -> Double in
            let bits = UInt16(bytes[start + 2 * i]) | UInt16(bytes[start + 2 * i + 1]) << 8
            return Double(Float16(bitPattern: bits))
        }
        return try Tensor(shape: shape, scalars: values, dtype: dtype)
    }
}
