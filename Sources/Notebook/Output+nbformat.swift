import JSON
import LanguageCore

extension MimeBundle {
    /// nbformat's `data` and `metadata` of a display or result output.
    var nbformatFields: [String: JSON] {
        var data: [String: JSON] = [:]
        for (mime, value) in self.data {
            let splits = mime.hasPrefix("text/") || mime == "image/svg+xml"
            if splits, case .text(let text) = value {
                data[mime] = Cell.splitLines(text)
            } else {
                data[mime] = value.jsonValue
            }
        }
        var metadata: [String: JSON] = [:]
        for (mime, fields) in self.metadata {
            metadata[mime] = .object(fields.mapValues(JSON.int))
        }
        return ["data": .object(data), "metadata": .object(metadata)]
    }
}

extension Output {
    /// The output as nbformat stores it; nil for outputs that only act on others (updates and
    /// clears), which the runner applies instead.
    func nbformatOutput(executionCount: Int?) -> JSON? {
        switch self {
        case .stream(let name, let text):
            return .object(["output_type": .string("stream"), "name": .string(name),
                            "text": Cell.splitLines(text)])
        case .display(let bundle, _):
            var fields = bundle.nbformatFields
            fields["output_type"] = .string("display_data")
            return .object(fields)
        case .result(let bundle, _):
            var fields = bundle.nbformatFields
            fields["output_type"] = .string("execute_result")
            fields["execution_count"] = executionCount.map(JSON.int) ?? .null
            return .object(fields)
        case .error(let name, let value, let traceback):
            return .object(["output_type": .string("error"), "ename": .string(name),
                            "evalue": .string(value), "traceback": .array(traceback.map(JSON.string))])
        case .updateDisplay, .clear:
            return nil
        }
    }
}
