import Crypto

/// Signs and verifies messages with the connection file's key (HMAC-SHA256 over header,
/// parent header, metadata and content, as lowercase hex). An empty key means no signing.
/// Shared by the channel threads: its key is immutable once made.
public struct MessageSigner: @unchecked Sendable {
    private let key: SymmetricKey?

    public init(key: [UInt8]) {
        self.key = key.isEmpty ? nil : SymmetricKey(data: key)
    }

    public var isSigning: Bool { key != nil }

    /// The hex signature of the four serialized parts.
    public func signature(_ parts: [[UInt8]]) -> [UInt8] {
        guard let key else { return [] }
        var mac = HMAC<SHA256>(key: key)
        for part in parts { mac.update(data: part) }
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in mac.finalize() {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
        return out
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
