import Engine
import Foundation
import Interruption
import LanguageCore
import Plot

/// A figure: shown as a PNG at 2x with its logical width and height (for retina displays),
/// also where it stands when an expression statement that is not the cell's last makes it.
final class FigureObject: LibraryObject {
    let figure: Figure
    private var rendered: MimeBundle?

    init(_ figure: Figure) { self.figure = figure }

    var typeName: String { "Figure" }
    var attributeNames: [String] { ["width", "height", "title", "save"] }

    static let methods: [String: Builtin] = [
        "save": Builtin("save", "path", "Writes the figure as PNG (2x) or SVG, by the file's extension.") { a in
            let fig = try Bind.receiver(a, FigureObject.self)
            try fig.save(try a.string("path"))
            return .none
        },
    ]

    func method(_ name: String) -> Builtin? { FigureObject.methods[name] }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "width": return .int(Int(figure.width.rounded()))
        case "height": return .int(Int(figure.height.rounded()))
        case "title": return figure.title.map { .str($0) } ?? Value.none
        default: return nil
        }
    }

    func save(_ path: String) throws {
        try Files.checkWritable(path, for: "save()")
        try Bind.plotting("save") { try figure.save(to: path) }
    }

    var repr: String {
        "<Figure \(Int(figure.width.rounded()))x\(Int(figure.height.rounded()))" + (figure.title.map { " " + quote($0) } ?? "") + ">"
    }

    var showsWhereItStands: Bool { true }

    /// Rendered once and kept, unless an interrupt stopped the render: then it is tried again
    /// the next time the figure is shown.
    var mimeBundle: MimeBundle {
        if let rendered { return rendered }
        let bundle = render()
        if !Interrupt.isRequested { rendered = bundle }
        return bundle
    }

    private func render() -> MimeBundle {
        do {
            let png = try figure.render(.png(scale: 2))
            return MimeBundle(data: ["image/png": .binary(Data(png.bytes)), "text/plain": .text(repr)],
                              metadata: ["image/png": ["width": png.width, "height": png.height]])
        } catch {
            return MimeBundle(text: repr + " (could not be rendered: \(error))")
        }
    }
}
