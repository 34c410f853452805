import Foundation

extension SearchResult: CustomStringConvertible {
    /// The summary line: method, trials, best score and where it was found, time.
    public var summary: String {
        let ok = records.filter { $0.status == .ok }.count
        var line = "\(method): \(records.count) trial\(records.count == 1 ? "" : "s")"
        if partial { line += " of \(plannedTrials) (interrupted, partial)" }
        line += ", \(ok) ok"
        if let best, let score = best.score {
            line += "; best \(maximize ? "(max)" : "(min)") score \(formatScore(score)) at \(best.configuration)"
        } else {
            line += "; no trial finished"
        }
        return line + String(format: "; %.2f s on ", seconds) + place
    }

    /// Column titles and cells of the table, best first.
    var table: (header: [String], rows: [[String]]) {
        let pbt = method == "pbt"
        var header = ["rank", "trial"]
        if !generations.isEmpty { header.append(pbt ? "round" : "generation") }
        if pbt { header.append("from") }
        header += space.names + ["score", "time (s)"]
        let nodes = records.contains { $0.node != nil }
        if nodes { header.append("node") }
        header.append("status")
        var rank = 0
        let rows = ranked.map { r -> [String] in
            var cells: [String]
            if r.score != nil { rank += 1; cells = [String(rank)] } else { cells = ["-"] }
            cells.append(String(r.index))
            if !generations.isEmpty { cells.append(String(r.generation)) }
            if pbt { cells.append(r.parent.map(String.init) ?? "-") }
            cells += r.configuration.values.map(\.description)
            cells.append(r.score.map(formatScore) ?? "-")
            cells.append(String(format: "%.3f", r.seconds))
            if nodes { cells.append(r.node ?? "-") }
            var status = r.error.map { "\(r.status.rawValue): \($0)" } ?? r.status.rawValue
            if let n = r.retries { status += " (retried \(n == 1 ? "once" : "\(n) times") after its Ray worker died)" }
            cells.append(status)
            return cells
        }
        return (header, rows)
    }

    /// The summary line and the table as aligned text (numbers right-aligned).
    public var description: String {
        let (header, rows) = table
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        let statusColumn = header.count - 1
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == statusColumn ? cell : pad + cell
            }.joined(separator: "  ")
        }
        return ([summary, line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// The summary and the table as HTML, for a notebook.
    public var html: String {
        let (header, rows) = table
        var out = "<div class=\"descent-search\"><p>\(escapeHTML(summary))</p>\n<table>\n<thead><tr>"
        out += header.map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>" + row.map { "<td>\(escapeHTML($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table></div>"
    }
}

/// A score with six significant digits.
func formatScore(_ v: Double) -> String { String(format: "%.6g", v) }

func escapeHTML(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
