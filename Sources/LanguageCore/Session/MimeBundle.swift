import Foundation

/// One representation of a value in a `MimeBundle`.
public enum MimeData: Equatable, Sendable {
    case text(String)
    case binary(Data)

    /// The JSON form Jupyter expects: text as is, binary data base64-encoded.
    public var jsonString: String {
        switch self {
        case .text(let s): return s
        case .binary(let d): return d.base64EncodedString()
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
