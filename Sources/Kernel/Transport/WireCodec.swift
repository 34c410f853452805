import JSON
/// Why incoming frames were not turned into a message.
public enum WireError: Error, CustomStringConvertible {
    case missingDelimiter
    case tooFewFrames(Int)
    case badSignature
    case badJSON(part: String, JSONParseError)
    case notAnObject(part: String)

    public var description: String {
        switch self {
        case .missingDelimiter: return "no <IDS|MSG> delimiter"
        case .tooFewFrames(let n): return "only \(n) frames after the delimiter (need 5)"
        case .badSignature: return "bad or missing signature"
        case .badJSON(let part, let error): return "\(part): \(error)"
        case .notAnObject(let part): return "\(part) is not a JSON object"
        }
    }
}

/// The wire format: identities, `<IDS|MSG>`, signature, header, parent_header, metadata,
/// content, buffers. Decoding checks the signature before any JSON is parsed.
public struct WireCodec: Sendable {
    public static let delimiter = Array("<IDS|MSG>".utf8)
    public let signer: MessageSigner

    public init(signer: MessageSigner) { self.signer = signer }

    public func decode(_ frames: [[UInt8]]) throws -> Message {
        guard let split = frames.firstIndex(of: Self.delimiter) else { throw WireError.missingDelimiter }
        let rest = frames.count - split - 1
        guard rest >= 5 else { throw WireError.tooFewFrames(rest) }
        let signature = frames[split + 1]
        let parts = Array(frames[(split + 2)..<(split + 6)])
        guard signer.verify(signature: signature, parts: parts) else { throw WireError.badSignature }
        let names = ["header", "parent_header", "metadata", "content"]
        var values: [JSON] = []
        for (name, part) in zip(names, parts) {
            let value: JSON
            do { value = try JSON(parsing: part) } catch let error as JSONParseError {
                throw WireError.badJSON(part: name, error)
            }
            guard case .object = value else { throw WireError.notAnObject(part: name) }
            values.append(value)
        }
        guard values[0]["msg_type"].stringValue != nil else { throw WireError.notAnObject(part: "header.msg_type") }
        var message = Message(identities: Array(frames[..<split]), header: values[0], parentHeader: values[1],
                              metadata: values[2], content: values[3], buffers: Array(frames[(split + 6)...]))
        message.headerBytes = parts[0]
        return message
    }

    public func encode(_ message: Message) -> [[UInt8]] {
        let parts = [message.header.serialized, message.parentHeaderBytes ?? message.parentHeader.serialized,
                     message.metadata.serialized, message.content.serialized]
        return message.identities + [Self.delimiter, signer.signature(parts)] + parts + message.buffers
    }
}
