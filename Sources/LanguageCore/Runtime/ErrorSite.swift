/// Where a compiled node reports its errors from: the interpreter, the node's span and the code
/// it belongs to, in one object. Closures capture this one reference instead of the five words
/// of span and site: a closure's thunk copies every captured word onto the stack on each call.
final class ErrorSite {
    let ip: Interpreter
    let span: Span
    let site: CodeSite

    init(ip: Interpreter, span: Span, site: CodeSite) {
        self.ip = ip
        self.span = span
        self.site = site
    }

    /// The error located at this node (see `Interpreter.locate`).
    func locate(_ error: Error) -> Error { ip.locate(error, span, site) }
}

extension Compiler {
    func errorSite(_ span: Span) -> ErrorSite { ErrorSite(ip: ip, span: span, site: site) }
}
