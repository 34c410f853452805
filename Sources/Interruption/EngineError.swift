/// An error the language can show as a value: a Python-style class name and a message that names
/// the op and the offending shapes or dtypes.
public struct EngineError: Error, CustomStringConvertible, Equatable {
    /// "ValueError", "RuntimeError", "IndexError", "TypeError", "MemoryError" or "KeyboardInterrupt".
    public var kind: String
    public var message: String

    public init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind): \(message)" }

    package static func value(_ m: String) -> EngineError { EngineError(kind: "ValueError", message: m) }
    package static func runtime(_ m: String) -> EngineError { EngineError(kind: "RuntimeError", message: m) }
    package static func index(_ m: String) -> EngineError { EngineError(kind: "IndexError", message: m) }
    package static func type(_ m: String) -> EngineError { EngineError(kind: "TypeError", message: m) }
    package static let interrupted = EngineError(kind: "KeyboardInterrupt", message: "interrupted")
}

/// Formats a shape the way Python prints a tuple: `(64, 1000)`, `(3,)`, `()`.
public func describe<Shape: Collection<Int>>(_ shape: Shape) -> String {
    shape.count == 1 ? "(\(shape.first!),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
