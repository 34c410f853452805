import ArgumentParser
import Kernel

/// `descent kernel`: the Jupyter kernel that front ends start through the kernelspec.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run as a Jupyter kernel (started by Jupyter through `descent install`'s kernelspec).")

    @Option(name: .customLong("connection-file"), help: "The connection file Jupyter wrote for this kernel.")
    var connectionFile: String

    func run() throws {
        let server = try KernelServer(connection: try ConnectionInfo(path: connectionFile), backend: SessionBackend())
        server.run()
    }
}
