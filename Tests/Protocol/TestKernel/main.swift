import Kernel
#if canImport(Glibc)
import Glibc
#endif

// A kernel for the protocol tests only: `descent-test-kernel --connection-file F`.
let arguments = CommandLine.arguments
guard let flag = arguments.firstIndex(of: "--connection-file"), flag + 1 < arguments.count else {
    fputs("usage: descent-test-kernel --connection-file FILE\n", stderr)
    exit(2)
}
do {
    let server = try KernelServer(connection: try ConnectionInfo(path: arguments[flag + 1]), backend: ToyBackend())
    server.run()
} catch {
    fputs("descent-test-kernel: \(error)\n", stderr)
    exit(1)
}
