import Foundation
import LanguageCore
import LanguageLibrary

/// Cell text up to this many bytes; longer inputs are rejected (a bigger cell finds nothing a
/// smaller one cannot, and costs more per run).
private let maxLength = 4096

/// How long a cell may run before it is interrupted as a front end would interrupt it, so that
/// an input such as `while True: pass` costs the fuzzer a fraction of a second.
private let budget: DispatchTimeInterval = .milliseconds(200)

/// Any bytes as a cell's text (invalid UTF-8 repaired, as a front end's JSON would), run in a
/// fresh session through lexer, parser, compiler and interpreter: the outcome is a result or a
/// Descent error, never a crash. A late timer (one that fires after the cell ended) is harmless:
/// every cell starts by clearing a pending interrupt. Run the target in a scratch directory:
/// a cell may `save`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCell(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size <= maxLength else { return -1 }
    let session = Session()
    let timer = DispatchWorkItem { session.interrupt() }
    DispatchQueue.global().asyncAfter(deadline: .now() + budget, execute: timer)
    defer { timer.cancel() }
    session.execute(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)) { _ in }
    return 0
}
