import Foundation

/// Adds what cairo's SVG leaves out: a `<title>` and the figure's strings as real, transparent
/// `<text>` placed over their glyph outlines, so the SVG can be searched, selected and read aloud.
enum SVGTextLayer {
    static func inserting(_ texts: [Canvas.PlacedText], title: String?, into svg: [UInt8]) -> [UInt8] {
        guard var document = String(bytes: svg, encoding: .utf8),
              let open = document.range(of: "<svg"),
              let openEnd = document.range(of: ">", range: open.upperBound..<document.endIndex),
              let close = document.range(of: "</svg>", options: .backwards) else { return svg }
        var layer = "<g fill-opacity=\"0\" font-family=\"DejaVu Sans, sans-serif\">\n"
        for text in texts {
            let degrees = text.angle * 180 / Double.pi
            let rotation = degrees == 0 ? "" : String(format: " transform=\"rotate(%.1f %.2f %.2f)\"", degrees, text.x, text.y)
            layer += String(format: "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.1f\"", text.x, text.y, text.size)
                + rotation + ">" + escaped(text.text) + "</text>\n"
        }
        layer += "</g>\n"
        document.insert(contentsOf: layer, at: close.lowerBound)
        if let title, !title.isEmpty {
            document.insert(contentsOf: "\n<title>" + escaped(title) + "</title>", at: openEnd.upperBound)
        }
        return Array(document.utf8)
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
