import Foundation

/// Reading and writing files with errors in Python's terms, naming the path and what is wrong:
/// `FileNotFoundError`, `IsADirectoryError`, `PermissionError`, `UnicodeDecodeError` (with the
/// line and byte of the first invalid UTF-8 sequence), else `OSError`. `what` names the caller
/// (`load_csv`, `save()`), as every message of the language does.
public enum Files {
    /// The bytes of the file at `path`.
    public static func read(_ path: String, for what: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EngineError(kind: "FileNotFoundError", message: "\(what): cannot read '\(path)': no such file")
        }
        guard !isDirectory.boolValue else {
            throw EngineError(kind: "IsADirectoryError", message: "\(what): cannot read '\(path)': it is a directory")
        }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw EngineError(kind: "PermissionError", message: "\(what): cannot read '\(path)': permission denied")
        }
        return [UInt8](data)
    }

    /// The text of the file at `path`, which must be valid UTF-8.
    public static func readText(_ path: String, for what: String) throws -> String {
        let bytes = try read(path, for: what)
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let (offset, line) = firstInvalidUTF8(bytes)
        throw EngineError(kind: "UnicodeDecodeError",
                          message: "\(what): '\(path)' is not UTF-8 text: byte 0x\(String(bytes[offset], radix: 16)) at offset \(offset) (line \(line)) is invalid")
    }

    /// Writes `bytes` to `path`, replacing the file.
    public static func write(_ bytes: [UInt8], to path: String, for what: String) throws {
        try checkWritable(path, for: what)
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            let denied = !FileManager.default.isWritableFile(atPath: directory.isEmpty ? "." : directory)
            throw EngineError(kind: denied ? "PermissionError" : "OSError",
                              message: "\(what): cannot write '\(path)': " + (denied ? "permission denied" : "the write failed"))
        }
    }

    /// Throws the error a write to `path` would meet for a missing or wrong directory, or a
    /// directory in the file's place: for writers that do the writing themselves (figures).
    public static func checkWritable(_ path: String, for what: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            throw EngineError(kind: "FileNotFoundError", message: "\(what): cannot write '\(path)': the directory '\(directory)' does not exist")
        }
        if !directory.isEmpty && !isDirectory.boolValue {
            throw EngineError(kind: "NotADirectoryError", message: "\(what): cannot write '\(path)': '\(directory)' is not a directory")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw EngineError(kind: "IsADirectoryError", message: "\(what): cannot write '\(path)': it is a directory")
        }
    }

    /// The byte offset and 1-based line of the first invalid UTF-8 sequence in `bytes`.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int, line: Int) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0, line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                offset += UTF8.width(s)
                if s == "\n" { line += 1 }
            case .error, .emptyInput: return (Swift.min(offset, Swift.max(bytes.count - 1, 0)), line)
            }
        }
    }
}
