/// The flood guard of front ends that show or store a cell's outputs (the kernel, the notebook
/// runner): a cell that prints a hundred megabytes, or whose value or error message is a 50 MB
/// string, must not freeze a browser or bloat a notebook file. A script or the REPL writing to
/// a terminal, a file or a pipe has none: what a program prints is its output.
///
/// One cell keeps at most `bytes` of stream text (stdout and stderr together), and each text of
/// a result, a display or an error message at most `bytes` too. What is cut is counted, and the
/// notice says exactly how many bytes were dropped:
///
///     [output truncated: 1951425 bytes dropped past the 1 MB limit]
///
/// Text is cut at a UTF-8 character boundary, so what is kept never ends in a broken character.
public struct OutputLimit: Equatable, Sendable {
    public var bytes: Int

    public init(bytes: Int) { self.bytes = bytes }

    /// The limit of the kernel and the notebook runner: 1 MB, as much text as a browser shows
    /// without stalling.
    public static let frontEnd = OutputLimit(bytes: 1 << 20)

    /// The notice that ends a cut text.
    func notice(dropped: Int) -> String {
        let size = bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : "\(bytes) byte" + (bytes == 1 ? "" : "s")
        return "[output truncated: \(dropped) bytes dropped past the \(size) limit]"
    }

    /// `text` if it fits in `room` bytes; else its longest prefix that does and ends on a
    /// character boundary, with the number of bytes left out.
    static func cut(_ text: String, room: Int) -> (kept: Substring, dropped: Int) {
        let utf8 = text.utf8
        let size = utf8.count
        guard size > room else { return (text[...], 0) }
        var end = utf8.index(utf8.startIndex, offsetBy: max(0, room))
        // Back up over continuation bytes (10xxxxxx) to the start of a character.
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        let kept = text[..<end]
        return (kept, size - kept.utf8.count)
    }

    /// `text` cut to the limit, the notice appended when something was dropped.
    func capped(_ text: String, separator: String) -> String {
        let (kept, dropped) = Self.cut(text, room: bytes)
        return dropped == 0 ? text : kept + separator + notice(dropped: dropped)
    }

    /// A bundle whose plain text is cut to the limit with the notice; a longer HTML or SVG text
    /// is left out, since half a document shows nothing useful and the plain text remains.
    func capped(_ bundle: MimeBundle) -> MimeBundle {
        var out = bundle
        for (type, data) in bundle.data {
            guard case .text(let text) = data, text.utf8.count > bytes else { continue }
            out.data[type] = type == "text/plain" ? .text(capped(text, separator: "\n")) : nil
        }
        return out
    }
}

/// One cell's account against an `OutputLimit`: how much stream text it showed and dropped.
struct OutputBudget {
    let limit: OutputLimit
    private var streamed = 0
    private var dropped = 0

    init(_ limit: OutputLimit) { self.limit = limit }

    /// What of `text` may still be shown (nil: nothing), counting the rest as dropped.
    mutating func admit(_ text: String) -> String? {
        let (kept, cut) = OutputLimit.cut(text, room: limit.bytes - streamed)
        guard cut > 0 else {
            streamed += kept.utf8.count
            return text
        }
        // Past the limit nothing more is shown, even a short line that would still fit.
        streamed = limit.bytes
        dropped += cut
        return kept.isEmpty ? nil : String(kept)
    }

    /// The stderr notice for the stream text dropped so far, once.
    mutating func takeNotice() -> Output? {
        guard dropped > 0 else { return nil }
        defer { dropped = 0 }
        return .stream(name: "stderr", text: "\n" + limit.notice(dropped: dropped) + "\n")
    }
}
