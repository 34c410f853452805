import JSON

/// One notebook cell, kept as its JSON fields with typed access to what the runner uses.
public struct Cell {
    public enum Kind: String { case code, markdown, raw }

    public var kind: Kind
    /// Every field of the cell as read, rewritten by the typed accessors.
    public private(set) var fields: [String: JSON]

    public init(kind: Kind, source: String, id: String, tags: [String] = []) {
        self.kind = kind
        self.fields = ["cell_type": .string(kind.rawValue), "id": .string(id), "metadata": .object([:])]
        self.source = source
        if !tags.isEmpty { self.tags = tags }
        if kind == .code {
            fields["outputs"] = .array([])
            fields["execution_count"] = .null
        }
    }

    init(json: JSON, number: Int, notebook: String) throws {
        guard let object = json.objectValue else {
            throw NotebookError("\(notebook): cell \(number) is not a JSON object")
        }
        guard let type = object["cell_type"]?.stringValue, let kind = Kind(rawValue: type) else {
            throw NotebookError("\(notebook): cell \(number) has no valid 'cell_type'")
        }
        self.kind = kind
        self.fields = object
        if fields["metadata"] == nil { fields["metadata"] = .object([:]) }
        if kind == .code {
            if fields["outputs"] == nil { fields["outputs"] = .array([]) }
            if fields["execution_count"] == nil { fields["execution_count"] = .null }
        }
    }

    /// The source as one string; nbformat stores it as a string or a list of lines.
    public var source: String {
        get { Self.joined(fields["source"]) }
        set { fields["source"] = Self.splitLines(newValue) }
    }

    public var id: String? {
        get { fields["id"]?.stringValue }
        set { fields["id"] = newValue.map(JSON.string) }
    }

    public var metadata: [String: JSON] {
        get { fields["metadata"]?.objectValue ?? [:] }
        set { fields["metadata"] = .object(newValue) }
    }

    /// `metadata.tags`, where papermill and nbval keep `parameters`, `raises-exception`,
    /// `skip-execution`.
    public var tags: [String] {
        get { metadata["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        set { metadata["tags"] = .array(newValue.map(JSON.string)) }
    }

    public var executionCount: Int? {
        get { fields["execution_count"]?.intValue }
        set { fields["execution_count"] = newValue.map(JSON.int) ?? .null }
    }

    /// Outputs in nbformat's JSON form.
    public var outputs: [JSON] {
        get { fields["outputs"]?.arrayValue ?? [] }
        set { fields["outputs"] = .array(newValue) }
    }

    var json: JSON { .object(fields) }

    static func joined(_ value: JSON?) -> String {
        switch value {
        case .string(let s): return s
        case .array(let lines): return lines.compactMap(\.stringValue).joined()
        // JSON MIME data (a widget's view), keys sorted so that equal values read the same.
        case .object(let members): return JSON.object(members).pythonLayout()
        default: return ""
        }
    }

    /// nbformat's `splitlines(True)`: lines keep their newline; an empty string is no lines.
    static func splitLines(_ text: String) -> JSON {
        var lines: [JSON] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" || character == "\r\n" {
                lines.append(.string(current))
                current = ""
            }
        }
        if !current.isEmpty { lines.append(.string(current)) }
        return .array(lines)
    }

    /// An id of 8 hex digits as nbformat makes them, unique in the notebook.
    static func freshID(avoiding used: Set<String>) -> String {
        while true {
            let id = String((0..<8).map { _ in "0123456789abcdef".randomElement()! })
            if !used.contains(id) { return id }
        }
    }
}
