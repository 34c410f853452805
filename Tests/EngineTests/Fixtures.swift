import Foundation
import Engine

/// Reads the NumPy-made reference files in Tests/Fixtures/engine.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/engine")

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// A tensor from a `{"shape": [...], "data": [...]}` object.
    static func tensor(_ object: Any, dtype: DType = .float64) throws -> Tensor {
        let o = object as! [String: Any]
        return try Tensor(shape: o["shape"] as! [Int], scalars: (o["data"] as! [NSNumber]).map(\.doubleValue), dtype: dtype)
    }

    /// A little-endian float16 `.npy` file (version 1, C order) as a tensor.
    static func npy(_ name: String, dtype: DType = .float32) throws -> Tensor {
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

/// Asserts element-wise closeness and equal shapes, naming what differs.
func assertClose(_ t: Tensor, _ expected: Tensor, tol: Double = 1e-9, _ what: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    guard t.shape == expected.shape else {
        XCTFail("\(what): shape \(t.shape) != expected \(expected.shape)", file: file, line: line)
        return
    }
    for (i, (a, b)) in zip(t.scalars(), expected.scalars()).enumerated() where !(Swift.abs(a - b) <= tol * Swift.max(1, Swift.abs(b))) {
        XCTFail("\(what): element \(i): \(a) != expected \(b)", file: file, line: line)
        return
    }
}

import XCTest
