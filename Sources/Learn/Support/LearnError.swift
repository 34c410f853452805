import Engine
import Interruption

/// The errors Learn throws, as `EngineError` values so the language shows them like any other.
enum LearnError {
    static func value(_ message: String) -> EngineError { EngineError(kind: "ValueError", message: message) }
    static func type(_ message: String) -> EngineError { EngineError(kind: "TypeError", message: message) }
    static func index(_ message: String) -> EngineError { EngineError(kind: "IndexError", message: message) }
    static let interrupted = EngineError(kind: "KeyboardInterrupt", message: "interrupted")
}

/// Checks a learning rate the way every optimizer and recipe needs it checked.
func validateLearningRate(_ lr: Double, _ owner: String) throws {
    guard lr.isFinite, lr > 0 else {
        throw LearnError.value("\(owner): the learning rate must be a positive finite number, got \(lr)")
    }
}
