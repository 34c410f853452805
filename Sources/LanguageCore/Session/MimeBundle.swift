import Foundation
import JSON

/// One representation of a value in a `MimeBundle`.
public enum MimeData: Equatable, Sendable {
    case text(String)
    case binary(Data)
    /// Data of a JSON MIME type (`application/json`, `*+json` such as a widget's view), which
    /// Jupyter messages and nbformat carry as a JSON value, not as its text.
    case json(JSON)

    /// The value Jupyter messages and nbformat hold: text as is, binary data base64-encoded,
    /// JSON as the value itself.
    public var jsonValue: JSON {
        switch self {
        case .text(let s): return .string(s)
        case .binary(let d): return .string(d.base64EncodedString())
        case .json(let value): return value
        }
    }
}

/// A value shown several ways, keyed by MIME type (`text/plain`, `text/html`, `image/png`,
/// `image/svg+xml`), with per-type metadata such as `width` and `height` of a retina PNG.
public struct MimeBundle: Equatable, Sendable {
    public var data: [String: MimeData]
    public var metadata: [String: [String: Int]]

    public init(data: [String: MimeData] = [:], metadata: [String: [String: Int]] = [:]) {
        self.data = data
        self.metadata = metadata
    }

    /// A bundle with only `text/plain`.
    public init(text: String) {
        self.init(data: ["text/plain": .text(text)])
    }

    /// The `text/plain` representation.
    public var text: String? {
        if case .text(let s)? = data["text/plain"] { return s }
        return nil
    }

    /// The bytes of a PNG representation, if any.
    public var png: Data? {
        if case .binary(let d)? = data["image/png"] { return d }
        return nil
    }
}
