import Engine

/// The display rules of LANGUAGE.md section 4: how a value looks as a result.
enum Display {
    /// Text for everything; tensors add an HTML table; library values give their own bundle.
    static func bundle(_ v: Value) -> MimeBundle {
        switch v {
        case .tensor(let t):
            return MimeBundle(data: ["text/plain": .text(TensorText.repr(t)), "text/html": .text(TensorText.html(t))])
        case .object(let o):
            return o.mimeBundle
        default:
            return MimeBundle(text: repr(v))
        }
    }
}
