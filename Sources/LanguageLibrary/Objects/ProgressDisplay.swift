import Foundation
import LanguageCore
import Plot

/// Where a long-running built-in (`fit`, a search) shows its progress, redrawn in place: a line
/// on stderr rewritten with `\r` in a terminal, one display (the line, and a small figure under
/// it) updated by id in a notebook, nothing in a batch run. It shows nothing before
/// `progressDelay` seconds, then redraws at most every `interval` seconds.
final class ProgressDisplay {
    let style: ProgressStyle
    private let emit: (Output) -> Void
    private let displayId: String
    private let startDelay: Double
    private let interval: Double
    private var lastDraw = -Double.infinity
    /// Whether anything has been drawn (what a finished run replaces).
    private(set) var shown = false

    init(_ ip: Interpreter) {
        style = ip.progress
        startDelay = ip.progressDelay
        emit = ip.emit
        displayId = ip.newDisplayId()
        interval = style == .terminal ? 0.1 : 0.5
    }

    /// Whether a redraw is due `elapsed` seconds after the start; if so, it counts as made.
    func due(_ elapsed: Double) -> Bool {
        guard style != .batch, elapsed >= startDelay, elapsed - lastDraw >= interval else { return false }
        lastDraw = elapsed
        return true
    }

    /// Shows `line`, and in a notebook the figure `image` makes under it.
    func draw(_ line: String, image: () -> RenderedImage?) {
        switch style {
        case .batch: return
        case .terminal:
            emit(.stream(name: "stderr", text: "\r" + line))
        case .notebook:
            var bundle = MimeBundle(data: ["text/plain": .text(line)])
            bundle.data["text/html"] = .text("<pre>\(TensorText.escape(line))</pre>" + (image().map(Self.html) ?? ""))
            emit(shown ? .updateDisplay(bundle, id: displayId) : .display(bundle, id: displayId))
        }
        shown = true
    }

    /// Replaces the notebook display by `bundle`.
    func replace(_ bundle: MimeBundle) {
        emit(.updateDisplay(bundle, id: displayId))
    }

    /// Clears the terminal line, then writes `text` in its place.
    func clearLine(then text: String = "") {
        emit(.stream(name: "stderr", text: "\r\u{1B}[K" + text))
    }

    /// A rendered figure as an HTML image.
    static func html(_ png: RenderedImage) -> String {
        "<img width=\"\(png.width)\" height=\"\(png.height)\" src=\"data:image/png;base64,\(Data(png.bytes).base64EncodedString())\"/>"
    }
}
