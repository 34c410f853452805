import ArgumentParser
import Kernel
import Notebook
import Plot
#if canImport(Glibc)
import Glibc
#endif

/// `descent install`: writes the kernelspec so that Jupyter front ends can start Descent.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the Jupyter kernelspec (kernel.json and logo) for this binary.",
        discussion: "Without a location option it installs system-wide under /usr/local/share/jupyter.")

    @Flag(help: "Install for the current user (~/.local/share/jupyter).")
    var user = false

    @Flag(help: "Install into the active virtualenv or conda environment (sys.prefix).")
    var sysPrefix = false

    @Option(help: ArgumentHelp("Install under PREFIX/share/jupyter.", valueName: "prefix"))
    var prefix: String?

    @Option(help: "The kernelspec's name, as `jupyter console --kernel NAME` uses it.")
    var name = DescentLanguage.kernelName

    @Option(help: "How front ends interrupt a cell: message (interrupt_request) or signal (SIGINT).")
    var interruptMode: KernelSpec.InterruptMode = .message

    func validate() throws {
        guard [user, sysPrefix, prefix != nil].filter({ $0 }).count <= 1 else {
            throw ValidationError("choose at most one of --user, --sys-prefix and --prefix")
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw ValidationError("a kernel name may hold only letters, digits, '-', '_' and '.'")
        }
    }

    func run() throws {
        let directory = KernelSpec.directory(dataDirectory: try dataDirectory(), name: name)
        let spec = KernelSpec(argv: [try executablePath(), "kernel", "--connection-file", "{connection_file}"],
                              displayName: DescentLanguage.displayName, language: DescentLanguage.name, interruptMode: interruptMode)
        let logo = Plot.logoPNG(size: 64)
        try spec.install(into: directory, logo64: logo.isEmpty ? nil : logo)
        print("Installed kernelspec \(name) in \(directory)")
    }

    /// The Jupyter data directory the kernelspec goes under, as `jupyter kernelspec` finds it.
    private func dataDirectory() throws -> String {
        if let prefix { return prefix + "/share/jupyter" }
        if user {
            if let data = environment("JUPYTER_DATA_DIR") { return data }
            if let xdg = environment("XDG_DATA_HOME") { return xdg + "/jupyter" }
            guard let home = environment("HOME") else { throw ValidationError("--user needs HOME to be set") }
            return home + "/.local/share/jupyter"
        }
        if sysPrefix {
            guard let environmentPrefix = environment("VIRTUAL_ENV") ?? environment("CONDA_PREFIX") else {
                throw ValidationError("--sys-prefix needs an active virtualenv or conda environment; use --prefix")
            }
            return environmentPrefix + "/share/jupyter"
        }
        return "/usr/local/share/jupyter"
    }

    private func environment(_ name: String) -> String? {
        guard let value = getenv(name), value.pointee != 0 else { return nil }
        return String(cString: value)
    }

    /// The absolute path of this binary, so the kernelspec works from any working directory.
    private func executablePath() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw ValidationError("cannot find this binary's path") }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension KernelSpec.InterruptMode: ExpressibleByArgument {}
