import Foundation
import Notebook

/// Any bytes: reading either throws `NotebookError` or gives a notebook whose serialization
/// reads back with the same cells.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNotebook(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let notebook = try? Notebook(data: Data(bytes: data, count: size), name: "fuzz.ipynb") else { return 0 }
    let text = notebook.serialized()
    let again: Notebook
    do { again = try Notebook(data: Data(text.utf8), name: "fuzz.ipynb") } catch {
        fatalError("a notebook Descent wrote does not read back: \(error)\n\(text)")
    }
    guard again.cells.map(\.source) == notebook.cells.map(\.source), again.cells.map(\.id) == notebook.cells.map(\.id),
          again.cells.map(\.kind) == notebook.cells.map(\.kind) else {
        fatalError("the cells changed when a notebook was written and read back")
    }
    return 0
}
