import Foundation
import JSON

/// A `-p name=value` parameter, turned into a Descent assignment as papermill would: `True`,
/// `False`, `None`, integers and floats keep their type, anything else becomes a string.
public struct Parameter: Equatable {
    public var name: String
    public var literal: String

    /// Parses `name=value`; the name must be an identifier.
    public init(argument: String) throws {
        guard let eq = argument.firstIndex(of: "=") else {
            throw NotebookError("parameter '\(argument)' is not of the form name=value")
        }
        let name = String(argument[..<eq]).trimmingCharacters(in: .whitespaces)
        let isIdentifier = name.first.map { $0 == "_" || $0.isLetter } == true
            && name.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
        guard isIdentifier else {
            throw NotebookError("parameter name '\(name)' is not an identifier")
        }
        self.name = name
        self.literal = Self.literal(for: String(argument[argument.index(after: eq)...]))
    }

    static func literal(for value: String) -> String {
        if ["True", "False", "None"].contains(value) { return value }
        if Int(value) != nil { return value }
        if let d = Double(value), d.isFinite, value.contains(where: { $0.isNumber }) { return value }
        // A JSON string is also a valid Descent string literal: the same quotes and escapes.
        return JSON.string(value).pythonLayout()
    }

    /// The names a parameters cell assigns at its top level (`lr = 0.1`, `a, b = 1, 2`), which
    /// are the parameters the notebook declares.
    static func names(assignedIn source: String) -> Set<String> {
        var names = Set<String>()
        for line in source.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let first = line.first, first == "_" || first.isLetter,
                  let eq = line.firstIndex(of: "="), line[line.index(after: eq)...].first != "=" else { continue }
            let targets = line[..<eq].split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let identifiers = targets.filter { !$0.isEmpty && $0.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber } }
            if identifiers.count == targets.count { names.formUnion(identifiers) }
        }
        return names
    }

    /// The source of papermill's `injected-parameters` cell.
    static func cellSource(_ parameters: [Parameter]) -> String {
        (["# Parameters"] + parameters.map { "\($0.name) = \($0.literal)" }).joined(separator: "\n")
    }
}
