import Foundation

/// Helpers of the Bindings tests: their fixtures, PNG sizes, a scratch directory.
public enum BindingsSupport {
    public static let fixtures = FixtureFolder("bindings").directory

    /// A fresh directory for files a test writes.
    public static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("descent-bind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Width and height from a PNG's IHDR chunk, nil when the bytes are not a PNG.
    public static func pngSize(_ data: Data) -> (Int, Int)? {
        let b = [UInt8](data)
        guard b.count > 24, b[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], String(decoding: b[12..<16], as: UTF8.self) == "IHDR" else { return nil }
        func be(_ i: Int) -> Int { b[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }
}
