/// A value from the library (networks, optimizers, runs, figures, data sets...): everything the
/// language needs from it comes through this one protocol.
public protocol LibraryObject: AnyObject {
    /// The name `type(x)` reports, e.g. `Sequential`.
    var typeName: String { get }
    /// Attribute and method names, for `dir()` and completion.
    var attributeNames: [String] { get }
    /// The method `name`, unbound: a call `x.name(...)` passes `x` as its receiver without making
    /// a bound method, and reading `x.name` binds it. Nil when there is none.
    func method(_ name: String) -> Builtin?
    /// The attribute `name` other than a method, or nil when there is none.
    func attribute(_ name: String) throws -> Value?
    /// Sets an attribute; throws when it is read-only or unknown.
    func setAttribute(_ name: String, _ value: Value) throws
    /// Shown by `repr()`, `print` and in text results.
    var repr: String { get }
    /// The rich result (text/plain at least).
    var mimeBundle: MimeBundle { get }
    /// Shown by `help(x)`.
    var helpText: String { get }
    /// What a call `x(...)` runs, with `x` as its receiver and its type in errors
    /// (`Sequential()`); nil when it is not callable.
    var callable: Builtin? { get }
    /// Whether an expression statement that is not the last in a cell still shows it (figures).
    var showsWhereItStands: Bool { get }
}

extension LibraryObject {
    public func method(_ name: String) -> Builtin? { nil }
    public func setAttribute(_ name: String, _ value: Value) throws {
        throw ScriptError.attribute("'\(typeName)' object attribute '\(name)' is read-only")
    }
    public var mimeBundle: MimeBundle { MimeBundle(text: repr) }
    public var helpText: String { repr }
    public var callable: Builtin? { nil }
    public var showsWhereItStands: Bool { false }
}

/// A context manager for `with`: runs the block inside it.
public protocol ContextManager: LibraryObject {
    func run<R>(_ body: () throws -> R) throws -> R
}
