import Engine
import Foundation
import LanguageCore

/// Hugging Face's `.safetensors` format: an 8-byte little-endian header size, a JSON header
/// mapping each name to its dtype, shape and byte range, padded with spaces to 8 bytes, then
/// the tensors' bytes back to back.
enum SafetensorsFormat {
    /// The file's bytes for `tensors`, in the given order.
    static func encode(_ tensors: [(String, Tensor)]) -> [UInt8] {
        var entries: [String] = ["\"__metadata__\":{\"format\":\"pt\"}"]
        var data: [UInt8] = []
        for (name, t) in tensors {
            let begin = data.count
            data += ElementCodec.bytes(t)
            entries.append("\(jsonString(name)):{\"dtype\":\"\(ElementCodec.safetensorsName(t.dtype))\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(begin),\(data.count)]}")
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        let size = UInt64(header.count)
        return withUnsafeBytes(of: size.littleEndian) { Array($0) } + header + data
    }

    /// The named tensors in `bytes`, in the order of their data; errors name `path`.
    static func decode(_ bytes: [UInt8], path: String) throws -> [(String, Tensor)] {
        func fail(_ why: String) -> ScriptError { ScriptError.value("load(): '\(path)' is not a valid .safetensors file: \(why)") }
        guard bytes.count >= 8 else { throw fail("it is shorter than its 8-byte header size") }
        let size = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
        guard size <= UInt64(bytes.count - 8) else { throw fail("the header claims \(size) bytes but the file has \(bytes.count - 8) after the size") }
        let headerEnd = 8 + Int(size)
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])), let header = json as? [String: Any] else {
            throw fail("the header is not a JSON object")
        }
        var out: [(String, Int, Tensor)] = []
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
                throw fail("the entry for '\(name)' lacks dtype, shape or data_offsets")
            }
            guard let element = ElementCodec(safetensors: dtype) else {
                throw fail("'\(name)' has dtype \(dtype); F32, F64, I64, I32, I16, I8, U8 and BOOL are supported")
            }
            guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= bytes.count - headerEnd else {
                throw fail("the data of '\(name)' lies outside the file")
            }
            out.append((name, offsets[0], try element.tensor(bytes, from: headerEnd + offsets[0], to: headerEnd + offsets[1],
                                                             shape: shape, what: "load(): '\(path)', tensor '\(name)'")))
        }
        return out.sorted { $0.1 < $1.1 }.map { ($0.0, $0.2) }
    }

    private static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
