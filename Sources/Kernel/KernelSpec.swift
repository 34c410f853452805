#if canImport(Glibc)
import Glibc
#endif
import JSON

/// A kernelspec: the `kernel.json` (and logo) that tells Jupyter how to start this kernel.
public struct KernelSpec: Sendable {
    /// How the front end interrupts a cell: by SIGINT, or by `interrupt_request` on control.
    public enum InterruptMode: String, Sendable, CaseIterable {
        case signal, message
    }

    public var argv: [String]
    public var displayName: String
    public var language: String
    public var interruptMode: InterruptMode
    /// Environment variables Jupyter sets when it starts the kernel.
    public var env: [String: String]

    public init(argv: [String], displayName: String, language: String, interruptMode: InterruptMode,
                env: [String: String] = [:]) {
        self.argv = argv
        self.displayName = displayName
        self.language = language
        self.interruptMode = interruptMode
        self.env = env
    }

    public var json: JSON {
        var fields: [String: JSON] = [
            "argv": .array(argv.map { .string($0) }), "display_name": .string(displayName),
            "language": .string(language), "interrupt_mode": .string(interruptMode.rawValue),
            "metadata": ["debugger": false],
        ]
        if !env.isEmpty { fields["env"] = .object(env.mapValues { .string($0) }) }
        return .object(fields)
    }

    public enum InstallError: Error, CustomStringConvertible {
        case cannotCreate(String, String)
        case cannotWrite(String, String)
        public var description: String {
            switch self {
            case .cannotCreate(let path, let why): return "cannot create \(path): \(why)"
            case .cannotWrite(let path, let why): return "cannot write \(path): \(why)"
            }
        }
    }

    /// The folder Jupyter looks in for kernel `name` under a data directory
    /// (e.g. `~/.local/share/jupyter` or `PREFIX/share/jupyter`).
    public static func directory(dataDirectory: String, name: String) -> String {
        "\(dataDirectory)/kernels/\(name)"
    }

    /// Writes `kernel.json` (and `logo-64x64.png` when given) into `directory`, creating it.
    public func install(into directory: String, logo64: [UInt8]?) throws {
        try Self.makeDirectories(directory)
        try Self.write(json.serialized, to: "\(directory)/kernel.json")
        if let logo64 { try Self.write(logo64, to: "\(directory)/logo-64x64.png") }
    }

    static func makeDirectories(_ path: String) throws {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o755) != 0 && errno != EEXIST {
                throw InstallError.cannotCreate(built, String(cString: strerror(errno)))
            }
        }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else { throw InstallError.cannotWrite(path, String(cString: strerror(errno))) }
        defer { fclose(file) }
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count else {
            throw InstallError.cannotWrite(path, String(cString: strerror(errno)))
        }
    }
}
