import Crypto

/// Signs and verifies messages with the connection file's key (HMAC-SHA256 over header,
/// parent header, metadata and content, as lowercase hex). An empty key means no signing.
/// Shared by the channel threads: unchecked only because swift-crypto's `SHA256` is not marked
/// Sendable; the two keyed states are immutable once made, and each signature hashes copies.
public struct MessageSigner: @unchecked Sendable {
    /// SHA-256 states with the padded key already absorbed (inner and outer, RFC 2104): each
    /// signature starts from copies of them, and parts are hashed straight from their bytes,
    /// which HMAC's generic `DataProtocol` path made the kernel's largest cost per message.
    private let keyed: (inner: SHA256, outer: SHA256)?

    public init(key: [UInt8]) {
        guard !key.isEmpty else {
            keyed = nil
            return
        }
        var block = key.count > 64 ? Array(SHA256.hash(data: key)) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256(), outer = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        outer.update(data: block.map { $0 ^ 0x5C })
        keyed = (inner, outer)
    }

    public var isSigning: Bool { keyed != nil }

    /// The hex signature of the four serialized parts.
    public func signature(_ parts: [[UInt8]]) -> [UInt8] {
        guard var (inner, outer) = keyed else { return [] }
        for part in parts { part.withUnsafeBytes { inner.update(bufferPointer: $0) } }
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return [UInt8](unsafeUninitializedCapacity: 2 * SHA256.byteCount) { out, count in
            for byte in outer.finalize() {
                out[count] = hexDigits[Int(byte >> 4)]
                out[count + 1] = hexDigits[Int(byte & 0xF)]
                count += 2
            }
        }
    }

    /// Whether `signature` is right for `parts`, compared in time independent of where the
    /// bytes differ, so that a forger learns nothing from timing.
    public func verify(signature: [UInt8], parts: [[UInt8]]) -> Bool {
        guard isSigning else { return true }
        let expected = self.signature(parts)
        guard signature.count == expected.count else { return false }
        var difference: UInt8 = 0
        for k in 0..<expected.count { difference |= expected[k] ^ signature[k] }
        return difference == 0
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)
