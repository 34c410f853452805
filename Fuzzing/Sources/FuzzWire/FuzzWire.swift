import JSON
import Kernel

private let key = Array("fuzz-key".utf8)
private let signed = WireCodec(signer: MessageSigner(key: key))
private let unsigned = WireCodec(signer: MessageSigner(key: []))

/// The input is a message's frames separated by NUL bytes. A signature frame reading `sign`
/// is replaced by the right HMAC of the four parts after it, so that the fuzzer reaches the JSON
/// behind a signed connection's check too. Decoding either throws `WireError` or gives a message
/// that encodes and decodes back to the same message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWire(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var frames = UnsafeBufferPointer(start: data, count: size).split(separator: 0, omittingEmptySubsequences: false).map(Array.init)
    _ = try? unsigned.decode(frames)
    if let split = frames.firstIndex(of: WireCodec.delimiter), frames.count > split + 5,
       frames[split + 1] == Array("sign".utf8) {
        frames[split + 1] = signed.signer.signature(Array(frames[(split + 2)..<(split + 6)]))
    }
    guard let message = try? signed.decode(frames) else { return 0 }
    let again: Message
    do { again = try signed.decode(signed.encode(message)) } catch {
        fatalError("a decoded message does not decode after encoding: \(error)")
    }
    guard again.identities == message.identities, again.header == message.header,
          again.parentHeader == message.parentHeader, again.metadata == message.metadata,
          again.content == message.content, again.buffers == message.buffers else {
        fatalError("a message changed in an encode-decode round trip")
    }
    return 0
}
