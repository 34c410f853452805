import Foundation

extension Notebook {
    /// Writes every PNG that the notebook's outputs show into `directory`, named
    /// `<stem>-cell<N>-<k>.png`, and returns the files written, so a run's figures can be opened
    /// without Jupyter.
    public func writeFigures(to directory: URL, stem: String) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [URL] = []
        for (index, cell) in cells.enumerated() {
            var k = 0
            for output in cell.outputs {
                guard let base64 = output["data"]["image/png"].stringValue,
                      let png = Data(base64Encoded: base64) else { continue }
                k += 1
                let url = directory.appendingPathComponent("\(stem)-cell\(index + 1)-\(k).png")
                try png.write(to: url)
                written.append(url)
            }
        }
        return written
    }
}
