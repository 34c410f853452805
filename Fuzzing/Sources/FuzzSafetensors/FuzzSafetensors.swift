import Engine
@testable import LanguageLibrary

/// Any bytes as a `.safetensors` file: decoding gives named tensors or a clear `ScriptError`,
/// never a trap, and decoded tensors survive `save`'s encoding unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let tensors = try? SafetensorsFormat.decode(bytes, path: "fuzz.safetensors") else { return 0 }
    let again: [(String, Tensor)]
    do { again = try SafetensorsFormat.decode(SafetensorsFormat.encode(tensors), path: "again.safetensors") } catch {
        fatalError("decoded tensors do not decode after encoding: \(error)")
    }
    guard again.map(\.0) == tensors.map(\.0), zip(again, tensors).allSatisfy({ a, b in
        a.1.shape == b.1.shape && a.1.dtype == b.1.dtype
            && zip(a.1.scalars(), b.1.scalars()).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }) else {
        fatalError("tensors changed in an encode-decode round trip")
    }
    return 0
}
