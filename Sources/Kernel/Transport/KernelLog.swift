#if canImport(Glibc)
import Glibc
#endif

/// Writes one line to stderr, where a kernel's log goes (front ends show or save it).
func logToStderr(_ line: String) {
    // Straight to the descriptor, as unbuffered stderr would: C's `stderr` is a global that
    // Swift 6 cannot prove is safe to share.
    let text = Array("[descent kernel] \(line)\n".utf8)
    _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
