#if canImport(Glibc)
import Glibc
#endif

/// Writes one line to stderr, where a kernel's log goes (front ends show or save it).
func logToStderr(_ line: String) {
    fputs("[descent kernel] \(line)\n", stderr)
}
