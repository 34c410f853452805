/// The display rules of LANGUAGE.md section 4: how a value looks as a result.
package enum Display {
    /// Text for everything; tensors and library values give their own bundle (a tensor adds an
    /// HTML table, a figure its image).
    package static func bundle(_ v: Value) -> MimeBundle {
        switch v {
        case .tensor(let t):
            return t.mimeBundle
        case .object(let o):
            return o.mimeBundle
        default:
            return MimeBundle(text: repr(v))
        }
    }
}
