import LanguageCore

/// A table as a value: shown as aligned text and as HTML (`summary(net)`, `compare` results).
final class TableObject: LibraryObject {
    let table: TextTable
    let typeName: String

    init(_ table: TextTable, typeName: String) {
        self.table = table
        self.typeName = typeName
    }

    var attributeNames: [String] { [] }
    func attribute(_ name: String) throws -> Value? { nil }
    var repr: String { table.text }
    var mimeBundle: MimeBundle { table.bundle }
}
