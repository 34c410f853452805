import Foundation
import JSON
import LanguageCore

/// Interactive controls: ipywidgets 8 models over the kernel's comms, plain values elsewhere.
enum WidgetBuiltins {
    static var builtins: [Builtin] {
        [
            Builtin("slider", "min, max, value=None, step=None, log=False, description=''",
                    "A slider from min to max: IntSlider when the numbers are ints, FloatSlider, or FloatLogSlider with log=True (step then counts powers of ten). value defaults to min; .value reads and sets it.") { a in
                .object(try slider(a))
            },
            Builtin("dropdown", "options, value=None, description=''",
                    "A drop-down list of options; value defaults to the first. .value reads and sets it.") { a in
                guard case .list(let list) = a["options"], !list.items.isEmpty else {
                    throw ScriptError.type("dropdown() needs a non-empty list of options")
                }
                let index = try a.isNone("value") ? 0 : Widget.index(of: a["value"], in: list.items)
                return .object(Widget(.dropdown(list.items), "Dropdown", style: "DescriptionStyle", state: [
                    "_options_labels": .array(list.items.map { .string(str($0)) }), "index": .int(index),
                    "description": .string(try a.string("description")), "description_allow_html": false,
                    "disabled": false,
                ], widgets: widgets(a)))
            },
            Builtin("checkbox", "value=False, description=''", "A check box; .value is True or False.") { a in
                .object(Widget(.checkbox, "Checkbox", style: "CheckboxStyle", state: [
                    "value": .bool(try a.bool("value")), "description": .string(try a.string("description")),
                    "description_allow_html": false, "disabled": false, "indent": true,
                ], widgets: widgets(a)))
            },
            Builtin("button", "description='', on_click=None",
                    "A button; on_click(button) runs when it is clicked in the front end.") { a in
                let widget = Widget(.button, "Button", style: "ButtonStyle", state: [
                    "description": .string(try a.string("description")), "button_style": "", "disabled": false,
                    "icon": "",
                ], widgets: widgets(a))
                if !a.isNone("on_click") {
                    let (callback, session) = (a["on_click"], a.session)
                    widget.onClick.append { button in _ = try session.call(callback, [button]) }
                }
                return .object(widget)
            },
            Builtin("interact", "fn, **controls",
                    "Shows the controls and fn's output (its printed text and its value: a figure, a table) below them; fn(name=control.value, ...) runs again when a control moves, replacing the output. Arguments that are not controls are passed as they are. Without a widget front end (REPL, descent run), shows the output for the initial values.") { a in
                try interact(a)
                return .none
            },
        ]
    }

    private static func widgets(_ a: borrowing Arguments) -> Widgets? {
        a.session.libraryState[ObjectIdentifier(Widgets.self)] as? Widgets
    }

    /// A float slider's default step: the largest power of ten at most a hundredth of the range
    /// on whose grid (counted from min) the value lies. The front end snaps the value to the
    /// grid, so a step of exactly range / 100 showed slider(0.01, 0.5, value=0.1) as 0.0982.
    static func defaultStep(_ low: Double, _ high: Double, _ value: Double) -> Double {
        var step = pow(10, (log10((high - low) / 100)).rounded(.down))
        for _ in 0..<6 {
            let k = (value - low) / step
            if abs(k - k.rounded()) < 1e-6 { break }
            step /= 10
        }
        return step
    }

    private static func slider(_ a: borrowing Arguments) throws -> Widget {
        let log = try a.bool("log")
        let given = ["min", "max", "value", "step"].map { a[$0] }
        let ints = !log && given.allSatisfy { if case .float = $0 { return false } else { return true } }
        let low = try a.double("min"), high = try a.double("max")
        guard low < high else { throw ScriptError.value("slider() needs min < max, not \(low) and \(high)") }
        if log && low <= 0 { throw ScriptError.value("slider(log=True) needs min > 0, not \(low)") }
        var state: [String: JSON] = [
            "description": .string(try a.string("description")), "description_allow_html": false,
            "disabled": false, "behavior": "drag-tap", "continuous_update": true, "orientation": "horizontal",
            "readout": true,
        ]
        let kind: Widget.Kind, name: String
        let value = try a.optionalDouble("value") ?? low
        guard value >= low && value <= high else {
            throw ScriptError.value("slider() value \(value) is outside [\(low), \(high)]")
        }
        if ints {
            (kind, name) = (.intSlider, "IntSlider")
            state.merge(["min": .int(try a.int("min")), "max": .int(try a.int("max")),
                         "step": .int(try a.optionalInt("step") ?? 1), "value": .int(Int(value)),
                         "readout_format": "d"]) { _, new in new }
        } else if log {
            (kind, name) = (.logSlider, "FloatLogSlider")
            state.merge(["min": .double(log10(low)), "max": .double(log10(high)), "base": .double(10),
                         "step": .double(try a.optionalDouble("step") ?? 0.1), "value": .double(value),
                         "readout_format": ".3g"]) { _, new in new }
        } else {
            (kind, name) = (.floatSlider, "FloatSlider")
            state.merge(["min": .double(low), "max": .double(high),
                         "step": .double(try a.optionalDouble("step") ?? defaultStep(low, high, value)), "value": .double(value),
                         "readout_format": ".3g"]) { _, new in new }
        }
        return Widget(kind, name, style: "SliderStyle", state: state, widgets: widgets(a))
    }

    /// As ipywidgets' `interactive`: a VBox of the controls and an Output widget; each run
    /// sets the Output's `msg_id` to the request being handled, so the front end puts what
    /// the run shows there, clearing the previous run's output when the new one arrives.
    /// A re-run whose only output is one figure (nothing printed or displayed, no error) shows
    /// it in an Image widget instead, the PNG in the message's binary frame: no base64 in JSON
    /// for the server and the page to carry, and no `outputs` for the page to sync back.
    private static func interact(_ a: borrowing Arguments) throws {
        // The closures below outlive the call, so they keep the session, not `a`.
        let (fn, session) = (a["fn"], a.session)
        var arguments: [(String, Value)] = []
        if case .dict(let given) = a["controls"] {
            for (key, value) in zip(given.keys, given.values) { arguments.append((str(key), value)) }
        }
        let controls = arguments.compactMap { if case .object(let w as Widget) = $0.1 { w } else { nil } }
        /// Calls fn with the controls' current values: its value, as it shows.
        let call = { () throws -> MimeBundle? in
            let values = arguments.map { name, value in
                if case .object(let w as Widget) = value { return (name, w.value) }
                return (name, value)
            }
            let result = try session.call(fn, [], values)
            return result.isNone ? nil : Display.bundle(result)
        }
        let show = { (bundle: MimeBundle?) in
            if let bundle { session.emit(.display(bundle, id: session.newDisplayId())) }
        }
        guard let widgets = widgets(a) else { return try show(call()) }
        let output = Widget(.output, "Output", module: "@jupyter-widgets/output", version: "1.0.0",
                            state: ["msg_id": "", "outputs": []], widgets: widgets)
        let box = Widget(.box, "VBox", state: [
            "box_style": "", "children": .array((controls + [output]).map { .string("IPY_MODEL_" + $0.id) }),
        ], widgets: widgets)
        box.children = controls + [output]
        session.emit(.display(box.viewBundle, id: nil))
        let capture = { output.set(["msg_id": .string(widgets.channel.requestID ?? "")]) }
        let release = { output.set(["msg_id": ""]) }
        let figures = FigureView(box: box, output: output, controls: controls, widgets: widgets)
        var captured = false
        /// The run's output goes to the Output widget from here on: its first output or its error.
        let toOutput = {
            guard !captured else { return }
            captured = true
            figures.hide()
            capture()
            session.emit(.clear(wait: true))
        }
        let rerun = {
            widgets.channel.whenIdle(key: output.id, {
                captured = false
                let sink = session.sink
                session.sink = { toOutput(); sink($0) }
                defer { session.sink = sink }
                let bundle: MimeBundle?
                do { bundle = try call() } catch { toOutput(); throw error }
                if !captured, let bundle, figures.show(bundle) { return }
                toOutput()
                show(bundle)
            }, finally: { if captured { release() } })
        }
        for control in controls { control.observers.append(rerun) }
        capture()
        defer { release() }
        try show(call())
    }
}

/// `interact`'s Image widget, made on the first re-run that shows only a figure and put in
/// the box above the Output widget, which it replaces while re-runs show only figures.
private final class FigureView {
    let box: Widget, output: Widget, controls: [Widget], widgets: Widgets
    private var image: Widget?
    private var shown = false

    init(box: Widget, output: Widget, controls: [Widget], widgets: Widgets) {
        (self.box, self.output, self.controls, self.widgets) = (box, output, controls, widgets)
    }

    /// Shows `bundle` in the Image widget if it is one PNG figure (with its text); false if not.
    func show(_ bundle: MimeBundle) -> Bool {
        guard let png = bundle.png, Set(bundle.data.keys).isSubset(of: ["image/png", "text/plain"]) else { return false }
        let size = bundle.metadata["image/png"] ?? [:]
        let state: [String: JSON] = ["width": .string(size["width"].map(String.init) ?? ""),
                                     "height": .string(size["height"].map(String.init) ?? "")]
        if let image {
            image.set(state, binary: ["value": png])
        } else {
            image = Widget(.image, "Image", state: state.merging(["format": "png"]) { a, _ in a },
                           buffers: ["value": png], widgets: widgets)
        }
        if !shown, let image {
            shown = true
            output.set(["outputs": []])
            children([image])
        }
        return true
    }

    /// Takes the Image widget out of the box: the Output widget shows the run.
    func hide() {
        guard shown else { return }
        shown = false
        children([])
    }

    private func children(_ extra: [Widget]) {
        box.children = controls + extra + [output]
        box.set(["children": .array(box.children.map { .string("IPY_MODEL_" + $0.id) })])
    }
}
