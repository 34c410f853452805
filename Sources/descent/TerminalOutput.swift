import Foundation
import LanguageCore

/// Shows a session's outputs on a terminal: streams as they are, results as text, figures as
/// PNG files whose path is printed (and drawn inline on kitty and iTerm2), errors on stderr.
final class TerminalOutput {
    private let isTTY = isatty(STDOUT_FILENO) == 1
    private let figureDirectory: URL
    private var figureCount = 0
    /// How many lines each display id took, so an update can redraw it in place.
    private var displayLines: [String: Int] = [:]
    private var lastDisplayId: String?

    init() {
        figureDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("descent-figures-\(getpid())")
    }

    private func write(_ text: String, error: Bool = false) {
        let handle = error ? FileHandle.standardError : FileHandle.standardOutput
        handle.write(Data(text.utf8))
    }

    func show(_ output: Output) {
        switch output {
        case .stream(let name, let text):
            lastDisplayId = nil
            write(text, error: name == "stderr")
        case .result(let bundle, _):
            lastDisplayId = nil
            show(bundle)
        case .display(let bundle, let id):
            let lines = show(bundle)
            lastDisplayId = id
            if let id { displayLines[id] = lines }
        case .updateDisplay(let bundle, let id):
            // Redraw in place only when the display is the last thing on screen.
            guard isTTY, lastDisplayId == id, let lines = displayLines[id], bundle.png == nil else { return }
            write(String(repeating: "\u{1B}[1A\r\u{1B}[2K", count: lines))
            displayLines[id] = show(bundle)
        case .error(_, _, let traceback):
            lastDisplayId = nil
            write(traceback.joined(separator: "\n") + "\n", error: true)
        case .clear:
            break
        }
    }

    /// Prints a bundle: a PNG as a file (its path printed), else its text. Returns the lines used.
    @discardableResult
    private func show(_ bundle: MimeBundle) -> Int {
        if let png = bundle.png {
            figureCount += 1
            try? FileManager.default.createDirectory(at: figureDirectory, withIntermediateDirectories: true)
            let url = figureDirectory.appendingPathComponent("figure-\(figureCount).png")
            do {
                try png.write(to: url)
                drawInline(png)
                write("[figure saved to \(url.path)]\n")
            } catch {
                write("could not save the figure to \(url.path): \(error)\n", error: true)
            }
            return 1
        }
        let text = bundle.text ?? ""
        write(text + "\n")
        return text.split(separator: "\n", omittingEmptySubsequences: false).count
    }

    /// kitty's graphics protocol or iTerm2's inline images, when the terminal says it is one.
    private func drawInline(_ png: Data) {
        guard isTTY else { return }
        let env = ProcessInfo.processInfo.environment
        let base64 = png.base64EncodedString()
        if env["KITTY_WINDOW_ID"] != nil || env["TERM"] == "xterm-kitty" {
            var chunks: [Substring] = []
            var rest = Substring(base64)
            while !rest.isEmpty {
                chunks.append(rest.prefix(4096))
                rest = rest.dropFirst(4096)
            }
            for (i, chunk) in chunks.enumerated() {
                let more = i < chunks.count - 1 ? 1 : 0
                let head = i == 0 ? "a=T,f=100,m=\(more)" : "m=\(more)"
                write("\u{1B}_G\(head);\(chunk)\u{1B}\\")
            }
            write("\n")
        } else if env["TERM_PROGRAM"] == "iTerm.app" {
            write("\u{1B}]1337;File=inline=1;size=\(png.count):\(base64)\u{07}\n")
        }
    }
}
