import Foundation
import JSON
import LanguageCore

/// Where a session's widgets meet a front end: the kernel's comms (descent's `SessionBackend`).
/// Without one (the REPL, `descent run`, the notebook runner) controls are plain values and
/// `interact` shows the output for the initial values.
public protocol WidgetChannel: AnyObject {
    /// Opens the model's comm on target `jupyter.widget` with its full state; `buffers` are the
    /// binary values `data`'s `buffer_paths` name, sent as the message's binary frames.
    func open(id: String, data: JSON, buffers: [Data])
    /// Sends `data` on the model's comm, with its binary frames.
    func send(id: String, data: JSON, buffers: [Data])
    /// The id of the request being handled: what an Output widget captures.
    var requestID: String? { get }
    /// Runs `callback` as a cell once no request waits, then `finally`; a newer call with the
    /// same `key` replaces one that has not run (a dragged slider redraws for its newest value).
    func whenIdle(key: String, _ callback: @escaping () throws -> Void, finally: @escaping () -> Void)
}

/// The widget models of one session, by model id (the comm id), and their channel: how
/// ipywidgets' protocol 2.1 messages from the front end reach the controls.
public final class Widgets {
    /// The target of the comm ipywidgets 8's front end opens to ask for every model's state.
    public static let controlTarget = "jupyter.widget.control"

    let channel: WidgetChannel
    private var models: [String: Widget] = [:]
    private var clicks = 0
    /// Models created so far, when ids are numbered.
    private var numbered: Int?

    /// With `numberedIDs`, model ids count up from the session's start instead of being random,
    /// so that a notebook run twice stores the same views (`descent run --check` compares them).
    public init(channel: WidgetChannel, numberedIDs: Bool = false) {
        self.channel = channel
        numbered = numberedIDs ? 0 : nil
    }

    /// A new model's id: a UUID, as ipykernel's comm ids are, or the next numbered one.
    func newModelID() -> String {
        guard let n = numbered else { return UUID().uuidString.lowercased() }
        numbered = n + 1
        return String(format: "00000000-0000-4000-8000-%012d", n + 1)
    }

    /// Every model's state, by model id, as ipywidgets' `get_manager_state` writes it for a
    /// notebook's widget state: binary values (an Image's PNG) in base64 under `buffers`, each
    /// with its path in the model's state, which nbconvert's and GitHub's widget managers read.
    public var states: JSON {
        .object(models.mapValues { widget in
            var entry = Widgets.entry(widget)
            if !widget.buffers.isEmpty {
                entry["buffers"] = .array(widget.buffers.sorted { $0.key < $1.key }.map { key, data in
                    ["encoding": "base64", "path": [.string(key)], "data": .string(data.base64EncodedString())]
                })
            }
            return .object(entry)
        })
    }

    /// `update_states`' answer: the states with the binary values as the message's buffers,
    /// each named by its path (model id, `state`, key), as ipywidgets' `_remove_buffers` splits them.
    private var wireStates: (JSON, paths: [JSON], buffers: [Data]) {
        var paths: [JSON] = [], buffers: [Data] = []
        for (id, widget) in models.sorted(by: { $0.key < $1.key }) {
            for (key, data) in widget.buffers.sorted(by: { $0.key < $1.key }) {
                paths.append([.string(id), "state", .string(key)])
                buffers.append(data)
            }
        }
        return (.object(models.mapValues { .object(Widgets.entry($0)) }), paths, buffers)
    }

    private static func entry(_ widget: Widget) -> [String: JSON] {
        [
            "model_name": widget.state["_model_name"] ?? .null, "model_module": widget.state["_model_module"] ?? .null,
            "model_module_version": widget.state["_model_module_version"] ?? .null, "state": .object(widget.state),
        ]
    }

    /// Whether any model was created.
    public var isEmpty: Bool { models.isEmpty }

    func register(_ widget: Widget) {
        models[widget.id] = widget
        let (data, buffers) = Widget.message(widget.state, binary: widget.buffers)
        channel.open(id: widget.id, data: data, buffers: buffers)
    }

    /// A `comm_msg` from the front end: `update` sets state (and answers `echo_update`),
    /// `request_state` is answered with the full state, `custom` clicks a button.
    public func receive(id: String, data: JSON) {
        guard let widget = models[id] else { return }
        switch data["method"].stringValue {
        case "update":
            let state = data["state"].objectValue ?? [:]
            channel.send(id: id, data: ["method": "echo_update", "state": .object(state), "buffer_paths": []], buffers: [])
            widget.apply(frontEnd: state)
        case "request_state":
            let (answer, buffers) = Widget.message(widget.state, binary: widget.buffers, method: "update")
            channel.send(id: id, data: answer, buffers: buffers)
        case "custom" where data["content"]["event"].stringValue == "click":
            clicks += 1
            channel.whenIdle(key: "\(id)-click-\(clicks)", { try widget.click() }, finally: {})
        default:
            break
        }
    }

    /// A message on the control comm (`controlTarget`): `request_states`, which a front end
    /// sends after a page reload, is answered with every model's state on that comm.
    public func receiveControl(id: String, data: JSON) {
        guard data["method"].stringValue == "request_states" else { return }
        let (states, paths, buffers) = wireStates
        channel.send(id: id, data: ["method": "update_states", "states": states, "buffer_paths": .array(paths)], buffers: buffers)
    }

    /// The front end closed the model's comm.
    public func closed(id: String) { models[id] = nil }
}

extension Session {
    /// The session's widget front end, set by a kernel backend; nil where there is none.
    public var widgets: Widgets? {
        get { libraryState[ObjectIdentifier(Widgets.self)] as? Widgets }
        set { libraryState[ObjectIdentifier(Widgets.self)] = newValue }
    }
}

/// One widget model (ipywidgets 8 names, protocol 2.1): a control the language sees as an
/// object with a `.value`, or a part of `interact`'s view (a box, an output area, a layout).
final class Widget: LibraryObject {
    enum Kind {
        case intSlider, floatSlider, logSlider, dropdown([Value]), checkbox, button, box, output, image, part
    }

    let id: String
    let kind: Kind
    private(set) var state: [String: JSON]
    /// The binary part of the state (an Image's `value`: PNG bytes), by key: sent as the
    /// messages' binary frames, named by `buffer_paths`, never inside the JSON.
    private(set) var buffers: [String: Data] = [:]
    /// Nil where there is no front end: then nothing is sent.
    private weak var widgets: Widgets?
    /// Called when the value changes (from the front end or from code): `interact`'s re-runs.
    var observers: [() -> Void] = []
    /// A button's callbacks, called with the button.
    var onClick: [(Value) throws -> Void] = []
    /// A box's children, which its text shows (where no front end draws the box, as on GitHub).
    var children: [Widget] = []

    /// A model of `name` (without `Model`), with the layout and style models a DOM widget has.
    init(_ kind: Kind, _ name: String, module: String = "@jupyter-widgets/controls", version: String = "2.0.0",
         style: String? = nil, state extra: [String: JSON], buffers: [String: Data] = [:], widgets: Widgets?) {
        id = widgets?.newModelID() ?? UUID().uuidString.lowercased()
        self.kind = kind
        self.widgets = widgets
        self.buffers = buffers
        state = Widget.header(name, module: module, version: version)
        state.merge(extra) { _, new in new }
        if case .part = kind { return }
        state.merge(["_dom_classes": [], "tabbable": .null, "tooltip": .null]) { old, _ in old }
        if let widgets {
            let layout = Widget(.part, "Layout", module: "@jupyter-widgets/base", state: [:], widgets: widgets)
            state["layout"] = .string("IPY_MODEL_" + layout.id)
            if let style {
                var fields: [String: JSON] = ["description_width": ""]
                if style == "SliderStyle" { fields["handle_color"] = .null }
                let model = Widget(.part, style, state: fields, widgets: widgets)
                model.state["_view_name"] = "StyleView"
                model.state["_view_module"] = "@jupyter-widgets/base"
                state["style"] = .string("IPY_MODEL_" + model.id)
                widgets.register(model)
            }
            widgets.register(layout)
            widgets.register(self)
        }
    }

    private static func header(_ name: String, module: String, version: String) -> [String: JSON] {
        [
            "_model_name": .string(name + "Model"), "_model_module": .string(module),
            "_model_module_version": .string(version), "_view_name": .string(name + "View"),
            "_view_module": .string(module), "_view_module_version": .string(version), "_view_count": .null,
        ]
    }

    /// The view JSON that shows the model in a front end.
    var viewBundle: MimeBundle {
        var bundle = MimeBundle(text: repr)
        if widgets != nil {
            let view: JSON = ["model_id": .string(id), "version_major": 2, "version_minor": 0]
            bundle.data["application/vnd.jupyter.widget-view+json"] = .json(view)
        }
        return bundle
    }

    // MARK: - Values

    var value: Value {
        switch kind {
        case .intSlider: return .int(state["value"]?.intValue ?? 0)
        case .floatSlider, .logSlider: return .float(Widget.double(state["value"]) ?? 0)
        case .checkbox: return .bool(state["value"]?.boolValue ?? false)
        case .dropdown(let options):
            let index = state["index"]?.intValue ?? 0
            return options.indices.contains(index) ? options[index] : .none
        default: return .none
        }
    }

    static func double(_ json: JSON?) -> Double? {
        switch json {
        case .double(let d)?: return d
        case .int(let i)?: return Double(i)
        default: return nil
        }
    }

    /// The state that shows `value`; throws in the user's terms when it does not fit.
    func valueState(_ value: Value) throws -> [String: JSON] {
        func number() throws -> Double {
            switch value {
            case .int(let i): return Double(i)
            case .float(let d): return d
            default: throw ScriptError.type("\(typeName).value must be a number, not \(value.typeName)")
            }
        }
        switch kind {
        case .intSlider:
            guard case .int(let i) = value else {
                throw ScriptError.type("IntSlider.value must be an int, not \(value.typeName)")
            }
            return ["value": .int(i)]
        case .floatSlider, .logSlider: return ["value": .double(try number())]
        case .checkbox:
            guard case .bool(let b) = value else {
                throw ScriptError.type("Checkbox.value must be a bool, not \(value.typeName)")
            }
            return ["value": .bool(b)]
        case .dropdown(let options): return ["index": .int(try Widget.index(of: value, in: options))]
        default:
            throw ScriptError.attribute("'\(typeName)' object has no attribute 'value'")
        }
    }

    /// Where `value` is among a dropdown's options (compared as they print).
    static func index(of value: Value, in options: [Value]) throws -> Int {
        guard let index = options.firstIndex(where: { LanguageCore.repr($0) == LanguageCore.repr(value) }) else {
            throw ScriptError.value("\(LanguageCore.repr(value)) is not one of the dropdown's options")
        }
        return index
    }

    /// Sets state from code, and binary state (`binary`, by key): the front end follows with an `update`.
    func set(_ changes: [String: JSON], binary: [String: Data] = [:]) {
        state.merge(changes) { _, new in new }
        buffers.merge(binary) { _, new in new }
        let (update, buffers) = Widget.message(changes, binary: binary, method: "update")
        widgets?.channel.send(id: id, data: update, buffers: buffers)
    }

    /// A message carrying `state` and the binary values `binary`: its data (`state`,
    /// `buffer_paths`, and `method` when given) and its buffers, in the paths' order (key order).
    static func message(_ state: [String: JSON], binary: [String: Data], method: String? = nil) -> (JSON, buffers: [Data]) {
        let ordered = binary.sorted { $0.key < $1.key }
        var data: [String: JSON] = ["state": .object(state), "buffer_paths": .array(ordered.map { [.string($0.key)] })]
        if let method { data["method"] = .string(method) }
        return (.object(data), ordered.map(\.value))
    }

    /// State the front end changed: a control's value, which re-runs its observers, and what an
    /// Output widget captured, which the front end syncs back (as ipywidgets keeps `outputs`) so
    /// that a reloaded page gets the figures with `request_states`. The rest is the kernel's.
    func apply(frontEnd changes: [String: JSON]) {
        if case .output = kind, let outputs = changes["outputs"], case .array = outputs {
            state["outputs"] = outputs
            return
        }
        let kept = changes.filter { $0.key == "value" || $0.key == "index" }
        guard !kept.isEmpty else { return }
        state.merge(kept) { _, new in new }
        for observer in observers { observer() }
    }

    func click() throws {
        for callback in onClick { try callback(.object(self)) }
    }

    // MARK: - LibraryObject

    var typeName: String { String((state["_model_name"]?.stringValue ?? "Widget").dropLast("Model".count)) }

    var attributeNames: [String] {
        switch kind {
        case .button: return ["description", "model_id"]
        default: return ["description", "model_id", "value"]
        }
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "value": return attributeNames.contains("value") ? value : nil
        case "description": return .str(state["description"]?.stringValue ?? "")
        case "model_id": return .str(id)
        default: return nil
        }
    }

    func setAttribute(_ name: String, _ newValue: Value) throws {
        switch name {
        case "value" where attributeNames.contains("value"):
            set(try valueState(newValue))
            for observer in observers { observer() }
        case "description":
            guard case .str(let text) = newValue else { throw ScriptError.type("description must be a str") }
            set(["description": .string(text)])
        default:
            throw ScriptError.attribute("'\(typeName)' object attribute '\(name)' is read-only")
        }
    }

    var repr: String {
        let description = state["description"]?.stringValue.map { $0.isEmpty ? "" : ", description=\(LanguageCore.repr(.str($0)))" } ?? ""
        switch kind {
        case .intSlider, .floatSlider, .logSlider:
            let bounds = ["min", "max", "step"].map { key in "\(key)=\(Widget.number(state[key]))" }.joined(separator: ", ")
            let base = kind.isLog ? ", base=10" : ""
            return "\(typeName)(value=\(LanguageCore.repr(value)), \(bounds)\(base)\(description))"
        case .dropdown(let options):
            return "Dropdown(options=\(LanguageCore.repr(.list(ListBox(options)))), value=\(LanguageCore.repr(value))\(description))"
        case .checkbox: return "Checkbox(value=\(LanguageCore.repr(value))\(description))"
        case .button: return "Button(description=\(LanguageCore.repr(.str(state["description"]?.stringValue ?? ""))))"
        case .box: return "\(typeName)(children=(\(children.map(\.repr).joined(separator: ", "))))"
        default: return "\(typeName)()"
        }
    }

    private static func number(_ json: JSON?) -> String {
        if let i = json?.intValue, case .int = json { return String(i) }
        return double(json).map { LanguageCore.repr(.float($0)) } ?? "None"
    }

    var mimeBundle: MimeBundle { viewBundle }
    var showsWhereItStands: Bool { false }
}

extension Widget.Kind {
    var isLog: Bool { if case .logSlider = self { return true } else { return false } }
}
