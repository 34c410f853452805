import Engine
@testable import LanguageLibrary

/// Any bytes as a `.npy` file: decoding gives a tensor or a clear `ScriptError`, never a trap,
/// and a decoded tensor survives `save`'s encoding unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let tensor = try? NPYFormat.decode(Array(UnsafeBufferPointer(start: data, count: size)), path: "fuzz.npy") else {
        return 0
    }
    let again: Tensor
    do { again = try NPYFormat.decode(NPYFormat.encode(tensor), path: "again.npy") } catch {
        fatalError("a decoded tensor does not decode after encoding: \(error)")
    }
    guard again.shape == tensor.shape, again.dtype == tensor.dtype,
          zip(again.scalars(), tensor.scalars()).allSatisfy({ $0 == $1 || ($0.isNaN && $1.isNaN) }) else {
        fatalError("a tensor changed in an encode-decode round trip")
    }
    return 0
}
