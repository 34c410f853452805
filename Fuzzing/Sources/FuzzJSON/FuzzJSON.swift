import JSON

/// Any bytes: parsing either throws `JSONParseError` or gives a value whose serialization parses
/// back to the same value (non-finite doubles print as null, so those values are exempt), and
/// whose nbformat layout prints without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSON(parsing: bytes) else { return 0 }
    let again: JSON
    do { again = try JSON(parsing: value.serialized) } catch {
        fatalError("the serialization of a parsed value does not parse: \(error)\n\(value.serializedString)")
    }
    if value.allFinite && again != value {
        fatalError("the value changed in a round trip: \(value) became \(again)")
    }
    _ = value.pythonLayout()
    return 0
}

extension JSON {
    /// Whether no double in the value is infinite (JSON has no spelling for those).
    var allFinite: Bool {
        switch self {
        case .double(let d): return d.isFinite
        case .array(let elements): return elements.allSatisfy(\.allFinite)
        case .object(let members): return members.values.allSatisfy(\.allFinite)
        default: return true
        }
    }
}
