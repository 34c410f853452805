import Foundation
import JSON
import LanguageCore
import LanguageLibrary
import TestSupport
import XCTest

/// Controls where there is no widget front end (the REPL, scripts, the notebook runner), and
/// the protocol side through a recording channel (the kernel's is tested in Tests/Protocol).
final class WidgetTests: XCTestCase {
    func testSliderKindFollowsItsArguments() {
        let h = Harness()
        XCTAssertEqual(h.eval("slider(10, 500, value=100, step=10, description=\"steps\")"),
                       "IntSlider(value=100, min=10, max=500, step=10, description='steps')")
        XCTAssertEqual(h.eval("slider(0.0, 1.0, value=0.5)"), "FloatSlider(value=0.5, min=0.0, max=1.0, step=0.01)")
        XCTAssertEqual(h.eval("slider(0.001, 10.0, value=0.01, log=True)"),
                       "FloatLogSlider(value=0.01, min=-3.0, max=1.0, step=0.1, base=10)")
        // The default step puts the value on the front end's grid (counted from min).
        XCTAssertEqual(h.eval("slider(0.01, 0.5, value=0.1)"), "FloatSlider(value=0.1, min=0.01, max=0.5, step=0.001)")
        XCTAssertEqual(h.eval("slider(0.0, 0.99, value=0.9)"), "FloatSlider(value=0.9, min=0.0, max=0.99, step=0.001)")
        XCTAssertEqual(h.eval("slider(0.0123, 1.0, value=0.1)"), "FloatSlider(value=0.1, min=0.0123, max=1.0, step=0.0001)")
        XCTAssertEqual(h.eval("slider(1, 5).value"), "1")
        XCTAssertEqual(h.failure("slider(1, 5, value=9)").name, "ValueError")
        XCTAssertEqual(h.failure("slider(0.0, 1.0, log=True)").name, "ValueError")
    }

    func testValuesReadAndSet() {
        let h = Harness()
        h.eval("s = slider(0, 10, value=3)\nd = dropdown([\"sgd\", \"adam\"], value=\"adam\")\nc = checkbox(True)")
        XCTAssertEqual(h.eval("s.value"), "3")
        XCTAssertEqual(h.eval("d.value"), "'adam'")
        XCTAssertEqual(h.eval("c.value"), "True")
        h.eval("s.value = 7\nd.value = \"sgd\"\nc.value = False")
        XCTAssertEqual(h.eval("(s.value, d.value, c.value)"), "(7, 'sgd', False)")
        XCTAssertEqual(h.failure("s.value = 1.5").name, "TypeError")
        XCTAssertEqual(h.failure("d.value = \"rmsprop\"").value, "'rmsprop' is not one of the dropdown's options")
    }

    func testInteractWithoutAFrontEndShowsTheInitialOutput() {
        let h = Harness()
        XCTAssertEqual(h.printed("def f(a, b, k):\n    print(a, b, k)\n    return a * 10\ninteract(f, a=slider(1, 5, value=2), b=checkbox(), k=\"fixed\")"),
                       "2 False fixed\n")
        let shown = h.outputs.compactMap { if case .display(let bundle, _) = $0 { bundle.text } else { nil } }
        XCTAssertEqual(shown, ["20"])
        XCTAssertEqual(h.failure("def g(a):\n    return 1 / 0\ninteract(g, a=slider(1, 5))").name, "ZeroDivisionError")
    }

    func testFrontEndUpdatesEchoAndRerunTheNewestOnly() throws {
        let h = Harness()
        let channel = RecordingChannel()
        h.session.widgets = Widgets(channel: channel)
        h.eval("def f(a):\n    print(\"a\", a)\ninteract(f, a=slider(1, 5, value=2))")
        XCTAssertEqual(h.stdout, "a 2\n")
        let models = channel.opened.map { $0.state["_model_name"].stringValue ?? "" }
        XCTAssertEqual(models.filter { $0 == "IntSliderModel" || $0 == "OutputModel" || $0 == "VBoxModel" }.count, 3)
        let slider = try XCTUnwrap(channel.opened.first { $0.state["_model_name"] == "IntSliderModel" }).id
        for value in [3, 4, 5] {
            h.session.widgets?.receive(id: slider, data: ["method": "update", "state": ["value": .int(value)], "buffer_paths": []])
        }
        XCTAssertEqual(channel.sent.filter { $0.id == slider }.map { $0.data["method"] }, ["echo_update", "echo_update", "echo_update"])
        XCTAssertEqual(channel.pending.count, 1, "three moves, one re-run waiting")
        var printed = ""
        for (callback, finally) in channel.pending.values {
            h.session.execute(callback: callback) { if case .stream(_, let text) = $0 { printed += text } }
            finally()
        }
        XCTAssertEqual(printed, "a 5\n")
    }
}

extension WidgetTests {
    /// A re-run that only returns a figure opens an Image model with the PNG as its buffer; the
    /// notebook's saved state holds it base64 under `buffers` with its path, as ipywidgets'
    /// `_get_embed_state` writes binary state, and not in the JSON state.
    func testAFigureAloneRerunsIntoAnImageSavedAsBase64() throws {
        let h = Harness()
        let channel = RecordingChannel()
        let widgets = Widgets(channel: channel)
        h.session.widgets = widgets
        h.eval("k = slider(1, 5, value=1)\ndef f(k):\n    return plot([x ** k for x in range(6)])\ninteract(f, k=k)")
        let slider = try XCTUnwrap(channel.opened.first { $0.state["_model_name"] == "IntSliderModel" }).id
        widgets.receive(id: slider, data: ["method": "update", "state": ["value": .int(2)], "buffer_paths": []])
        for (callback, finally) in channel.pending.values {
            h.session.execute(callback: callback) { _ in }
            finally()
        }
        let image = try XCTUnwrap(channel.opened.first { $0.state["_model_name"] == "ImageModel" }).id
        let png = try XCTUnwrap(channel.openedBuffers[image]?.first)
        XCTAssertEqual([UInt8](png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let saved = widgets.states[image]
        XCTAssertEqual(saved["state"]["value"], .null)
        XCTAssertEqual(saved["state"]["format"], "png")
        let buffers = try XCTUnwrap(saved["buffers"].arrayValue)
        XCTAssertEqual(buffers, [["encoding": "base64", "path": ["value"], "data": buffers[0]["data"]]])
        XCTAssertEqual(Data(base64Encoded: buffers[0]["data"].stringValue ?? ""), png)
    }
}

/// Records what the widgets send; deferred work waits in `pending` by key, as the kernel keeps it.
private final class RecordingChannel: WidgetChannel {
    var opened: [(id: String, state: JSON)] = []
    /// The binary frames of each model's `comm_open`, by model id.
    var openedBuffers: [String: [Data]] = [:]
    var sent: [(id: String, data: JSON)] = []
    var pending: [String: (() throws -> Void, () -> Void)] = [:]

    func open(id: String, data: JSON, buffers: [Data]) {
        opened.append((id, data["state"]))
        openedBuffers[id] = buffers
    }
    func send(id: String, data: JSON, buffers: [Data]) { sent.append((id, data)) }
    var requestID: String? { "request-1" }
    func whenIdle(key: String, _ callback: @escaping () throws -> Void, finally: @escaping () -> Void) {
        pending[key] = (callback, finally)
    }
}
