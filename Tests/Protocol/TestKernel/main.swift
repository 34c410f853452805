import Kernel
#if canImport(Glibc)
import Glibc
#endif

// A kernel for the protocol tests only: `descent-test-kernel --connection-file F`.

/// Writes `message` to standard error (by descriptor: C's `stderr` is a global Swift 6 cannot
/// prove safe to share) and exits with `status`.
func fail(_ message: String, status: Int32) -> Never {
    let bytes = Array((message + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    exit(status)
}

let arguments = CommandLine.arguments
guard let flag = arguments.firstIndex(of: "--connection-file"), flag + 1 < arguments.count else {
    fail("usage: descent-test-kernel --connection-file FILE", status: 2)
}
do {
    let server = try KernelServer(connection: try ConnectionInfo(path: arguments[flag + 1]), backend: ToyBackend())
    server.run()
} catch {
    fail("descent-test-kernel: \(error)", status: 1)
}
