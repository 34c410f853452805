import JSON
import Foundation

/// An nbformat 4 notebook, kept as its JSON so that fields Descent does not know survive a run.
///
/// Reading accepts nbformat 4.0 through 4.x and upgrades to 4.5 by giving every cell an id, as
/// nbformat itself does; writing uses nbformat's own layout (indent 1, sorted keys, multi-line
/// strings split into lines) so that diffs of executed notebooks stay small.
public struct Notebook {
    public var cells: [Cell]
    /// Top-level fields other than `cells` (metadata, nbformat, nbformat_minor).
    public var fields: [String: JSON]

    public init(cells: [Cell], metadata: [String: JSON] = [:]) {
        self.cells = cells
        self.fields = ["metadata": .object(metadata), "nbformat": .int(4), "nbformat_minor": .int(5)]
    }

    /// Parses notebook JSON; `name` appears in error messages.
    public init(data: Data, name: String) throws {
        let root: JSON
        do {
            root = try JSON(parsing: [UInt8](data))
        } catch let error as JSONParseError {
            throw NotebookError("\(name): not a notebook: the file is not valid JSON (\(error))")
        }
        guard var top = root.objectValue else {
            throw NotebookError("\(name): not a notebook: the top level is not a JSON object")
        }
        guard let major = top["nbformat"]?.intValue else {
            throw NotebookError("\(name): not a notebook: no 'nbformat' version")
        }
        guard major == 4 else {
            throw NotebookError("\(name): nbformat \(major) is not supported; Descent reads nbformat 4")
        }
        guard let rawCells = top.removeValue(forKey: "cells")?.arrayValue else {
            throw NotebookError("\(name): not a notebook: no 'cells' list")
        }
        var cells: [Cell] = []
        var usedIDs = Set<String>()
        for (index, raw) in rawCells.enumerated() {
            var cell = try Cell(json: raw, number: index + 1, notebook: name)
            if cell.id == nil || usedIDs.contains(cell.id!) {
                cell.id = Cell.freshID(avoiding: usedIDs)
            }
            usedIDs.insert(cell.id!)
            cells.append(cell)
        }
        top["nbformat_minor"] = .int(max(5, top["nbformat_minor"]?.intValue ?? 5))
        if top["metadata"] == nil { top["metadata"] = .object([:]) }
        self.cells = cells
        self.fields = top
    }

    /// Reads a notebook file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NotebookError("\(url.path): cannot read the file")
        }
        try self.init(data: data, name: url.path)
    }

    public var metadata: [String: JSON] {
        get { fields["metadata"]?.objectValue ?? [:] }
        set { fields["metadata"] = .object(newValue) }
    }

    /// The notebook in nbformat's on-disk layout, ending in a newline.
    public func serialized() -> String {
        var top = fields
        top["cells"] = .array(cells.map(\.json))
        return JSON.object(top).pythonLayout() + "\n"
    }

    /// Writes atomically: to a temporary file beside the target, then renamed over it, so that
    /// an interrupted write never leaves half a notebook. A symbolic link is written through to
    /// its target, and an existing file keeps its permissions. The temporary file is named with
    /// the writer's process id, so that one left by a writer killed mid-write (SIGKILL cannot
    /// be caught) is recognised and removed by the next write into that directory.
    public func write(to url: URL) throws {
        let target = url.resolvingSymlinksInPath()
        let directory = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        Self.removeStaleTemporaries(of: name, in: directory)
        let temporary = directory.appendingPathComponent(".\(name).\(getpid()).tmp")
        do {
            try Data(serialized().utf8).write(to: temporary)
            var existing = stat()
            if stat(target.path, &existing) == 0, chmod(temporary.path, existing.st_mode & 0o7777) != 0 {
                throw NotebookError("\(url.path): cannot keep the file's permissions: \(String(cString: strerror(errno)))")
            }
            if rename(temporary.path, target.path) != 0 {
                throw NotebookError("\(url.path): cannot write: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error as? NotebookError ?? NotebookError("\(url.path): cannot write: \(error)")
        }
    }

    /// Removes `.<name>.<pid>.tmp` files in `directory` whose process no longer exists.
    static func removeStaleTemporaries(of name: String, in directory: URL) {
        let prefix = ".\(name).", suffix = ".tmp"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(suffix) {
            let digits = entry.dropFirst(prefix.count).dropLast(suffix.count)
            guard let pid = pid_t(digits), pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(entry))
        }
    }
}
