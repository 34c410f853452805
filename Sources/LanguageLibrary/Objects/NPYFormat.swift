import Engine
import Foundation
import Interruption
import LanguageCore

/// NumPy's `.npy` format (version 1.0 written; 1.0, 2.0 and 3.0 read): the magic string, a
/// little-endian header length, a Python-literal header dict padded so the data starts at a
/// multiple of 64 bytes, then the elements in C order.
enum NPYFormat {
    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The file's bytes for `t`, as `numpy.save` writes them.
    static func encode(_ t: Tensor) -> [UInt8] {
        var header = "{'descr': '\(ElementCodec.npyDescr(t.dtype))', 'fortran_order': False, 'shape': \(describe(t.shape)), }"
        let unpadded = magic.count + 2 + 2 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = UInt16(header.utf8.count)
        return magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8) + ElementCodec.bytes(t)
    }

    /// The tensor stored in `bytes`; errors name `path` and what is wrong.
    static func decode(_ bytes: [UInt8], path: String) throws -> Tensor {
        func fail(_ why: String) -> ScriptError { ScriptError.value("load(): '\(path)' is not a .npy file NumPy wrote: \(why)") }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw fail("it does not start with \\x93NUMPY") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1: headerLength = Int(bytes[8]) | Int(bytes[9]) << 8; headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("the header is cut short") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default: throw fail("format version \(major) is not supported")
        }
        guard bytes.count >= headerStart + headerLength else { throw fail("the header is cut short") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard let descr = field(header, "descr").map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }),
              let order = field(header, "fortran_order"), let shapeText = field(header, "shape") else {
            throw fail("the header \(header.trimmingCharacters(in: .whitespacesAndNewlines)) lacks descr, fortran_order or shape")
        }
        guard order == "False" else { throw fail("Fortran-ordered arrays are not supported; save with np.ascontiguousarray") }
        let shape = try shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "()")).split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { part -> Int in
                guard let n = Int(part), n >= 0 else { throw fail("bad shape \(shapeText)") }
                return n
            }
        guard let element = ElementCodec(npy: descr) else {
            throw fail("element type \(descr) is not supported (use float32, float64, int64, int32, int16, int8, uint8 or bool, little-endian)")
        }
        return try element.tensor(bytes, from: headerStart + headerLength, shape: shape, what: "load(): '\(path)'")
    }

    /// The text of `key`'s value in a Python dict literal (up to the next top-level comma).
    private static func field(_ header: String, _ key: String) -> String? {
        guard let r = header.range(of: "'\(key)':") else { return nil }
        var depth = 0, out = ""
        for c in header[r.upperBound...] {
            if c == "(" || c == "[" { depth += 1 }
            if c == ")" || c == "]" { depth -= 1 }
            if (c == "," && depth == 0) || (c == "}" && depth <= 0) { break }
            out.append(c)
        }
        return out.trimmingCharacters(in: .whitespaces)
    }
}

/// One element type as stored in files: its names in .npy and .safetensors, and the
/// little-endian conversion between bytes and tensors.
enum ElementCodec {
    case float32, float64, int64, int32, int16, int8, uint8, bool

    init?(npy descr: String) {
        switch descr {
        case "<f4": self = .float32
        case "<f8": self = .float64
        case "<i8": self = .int64
        case "<i4": self = .int32
        case "<i2": self = .int16
        case "|i1": self = .int8
        case "|u1": self = .uint8
        case "|b1": self = .bool
        default: return nil
        }
    }

    init?(safetensors dtype: String) {
        switch dtype {
        case "F32": self = .float32
        case "F64": self = .float64
        case "I64": self = .int64
        case "I32": self = .int32
        case "I16": self = .int16
        case "I8": self = .int8
        case "U8": self = .uint8
        case "BOOL": self = .bool
        default: return nil
        }
    }

    static func npyDescr(_ d: DType) -> String {
        switch d {
        case .float32: return "<f4"
        case .float64: return "<f8"
        case .int64: return "<i8"
        }
    }

    static func safetensorsName(_ d: DType) -> String {
        switch d {
        case .float32: return "F32"
        case .float64: return "F64"
        case .int64: return "I64"
        }
    }

    var size: Int {
        switch self {
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        case .int16: return 2
        case .int8, .uint8, .bool: return 1
        }
    }

    /// The dtype a loaded tensor gets: every integer type (and bool) widens to int64, exactly.
    var dtype: DType {
        switch self {
        case .float32: return .float32
        case .float64: return .float64
        case .int64, .int32, .int16, .int8, .uint8, .bool: return .int64
        }
    }

    /// A tensor of `shape` from the elements at `offset` (exactly as many as the shape holds).
    /// The shape comes from the file: one whose size overflows, or that the file's data cannot
    /// hold, is a malformed file (`ValueError`), checked before anything is read; what the file
    /// does hold is then checked against the memory limit, as the tensor is built from it.
    func tensor(_ bytes: [UInt8], from offset: Int, to end: Int? = nil, shape: [Int], what: String) throws -> Tensor {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw ScriptError.value("\(what): shape \(describe(shape)) has a negative dimension") }
        let count = try shape.reduce(1) { count, n in
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow, !product.multipliedReportingOverflow(by: size).overflow else {
                throw ScriptError.value("\(what): shape \(describe(shape)) is not a size a tensor can have")
            }
            return product
        }
        let stop = end ?? bytes.count
        guard offset >= 0, offset <= stop, stop <= bytes.count, stop - offset == count * size else {
            throw ScriptError.value("\(what): shape \(describe(shape)) needs \(count * size) bytes of data, the file has \(max(0, stop - offset))")
        }
        try Memory.check(count, of: size + 8, for: "\(what): shape \(describe(shape))")
        return try bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress! + offset
            func element<T: FixedWidthInteger>(_ i: Int, _: T.Type) -> T { T(littleEndian: (base + i * size).loadUnaligned(as: T.self)) }
            switch self {
            case .float32: return try Tensor(shape: shape, scalars: (0..<count).map { Double(Float(bitPattern: element($0, UInt32.self))) }, dtype: .float32)
            case .float64: return try Tensor(shape: shape, scalars: (0..<count).map { Double(bitPattern: element($0, UInt64.self)) }, dtype: .float64)
            case .int64: return try Tensor(shape: shape, integers: (0..<count).map { element($0, Int64.self) })
            case .int32: return try Tensor(shape: shape, integers: (0..<count).map { Int64(element($0, Int32.self)) })
            case .int16: return try Tensor(shape: shape, integers: (0..<count).map { Int64(element($0, Int16.self)) })
            case .int8: return try Tensor(shape: shape, integers: (0..<count).map { Int64(element($0, Int8.self)) })
            case .uint8: return try Tensor(shape: shape, integers: (0..<count).map { Int64(element($0, UInt8.self)) })
            case .bool: return try Tensor(shape: shape, integers: (0..<count).map { element($0, UInt8.self) == 0 ? 0 : 1 })
            }
        }
    }

    /// The elements of `t` in C order, little-endian, in its own dtype (int64 exactly).
    static func bytes(_ t: Tensor) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(t.count * t.dtype.size)
        if let integers = t.exactIntegers() {
            for v in integers { withUnsafeBytes(of: Int64(v).littleEndian) { out += $0 } }
            return out
        }
        for v in t.scalars() {
            switch t.dtype {
            case .float32: withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { out += $0 }
            default: withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 }
            }
        }
        return out
    }
}
