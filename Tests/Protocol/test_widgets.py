"""Interactive controls through jupyter_client and the real Descent kernel, speaking the Jupyter
widget protocol 2.1 as a front end's widget manager does (ipywidgets 8 model names): full model
state on comm_open, the view, update/echo_update, request_state(s), interact's re-runs captured by
its Output widget, values set from code, coalescing, and errors in callbacks."""
from __future__ import annotations

import base64
import time

import pytest
from test_client import TIMEOUT, iopub_until_idle, reply_to
from test_comms import client_of

WIDGET = "jupyter.widget"
# What every ipywidgets 8 DOM widget's state holds (ipywidgets' own get_state()).
DOM_KEYS = {"_model_name", "_model_module", "_model_module_version", "_view_name", "_view_module",
            "_view_module_version", "_view_count", "_dom_classes", "layout", "tabbable", "tooltip"}


@pytest.fixture
def kc():
    yield from client_of("descent")


def execute(kc, code):
    msg_id = kc.execute(code)
    reply = reply_to(kc, msg_id)
    return msg_id, reply, [m for _, m in iopub_until_idle(kc, msg_id)]


def opened(messages):
    """comm_id -> state of the models opened, checking the protocol's envelope."""
    models = {}
    for m in messages:
        if m["msg_type"] == "comm_open":
            assert m["content"]["target_name"] == WIDGET
            assert m["metadata"] == {"version": "2.1.0"}
            assert m["content"]["data"]["buffer_paths"] == []
            models[m["content"]["comm_id"]] = m["content"]["data"]["state"]
    return models


def by_model(models, name):
    found = [(cid, s) for cid, s in models.items() if s["_model_name"] == name]
    assert len(found) == 1, (name, [s["_model_name"] for s in models.values()])
    return found[0]


def comm_msg(kc, comm_id, data):
    msg = kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def iopub_until(kc, done, timeout=TIMEOUT):
    """IOPub messages until done(message) is true for one (included)."""
    found = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        found.append(msg)
        if done(msg):
            return found


def msg_id_update(output_id, value=None):
    """A predicate: the Output widget's msg_id set (to value, or to anything non-empty)."""
    def match(m):
        if m["msg_type"] != "comm_msg" or m["content"]["comm_id"] != output_id:
            return False
        state = m["content"]["data"].get("state", {})
        return "msg_id" in state and (state["msg_id"] == value if value is not None else state["msg_id"] != "")
    return match


INTERACT = '''
steps = slider(10, 500, value=100, step=10, description="steps")
on = checkbox(True, description="on")
def show(steps, on, label):
    print(label, steps, on)
    if steps == 20:
        undefined_name
    return steps * 2
interact(show, steps=steps, on=on, label="run")
'''


def start_interact(kc):
    msg_id, reply, messages = execute(kc, INTERACT)
    assert reply["content"]["status"] == "ok"
    models = opened(messages)
    slider_id, _ = by_model(models, "IntSliderModel")
    output_id, _ = by_model(models, "OutputModel")
    return msg_id, messages, models, slider_id, output_id


def test_slider_state_is_complete_and_its_view_names_the_model(kc):
    _, reply, messages = execute(kc, 's = slider(10, 500, value=100, step=10, description="steps")\ns')
    assert reply["content"]["status"] == "ok"
    models = opened(messages)
    slider_id, state = by_model(models, "IntSliderModel")
    assert DOM_KEYS | {"value", "min", "max", "step", "description", "style", "readout", "readout_format",
                       "continuous_update", "orientation", "disabled", "behavior"} <= set(state)
    assert (state["_model_module"], state["_model_module_version"]) == ("@jupyter-widgets/controls", "2.0.0")
    assert (state["_view_name"], state["_view_module"]) == ("IntSliderView", "@jupyter-widgets/controls")
    assert (state["value"], state["min"], state["max"], state["step"]) == (100, 10, 500, 10)
    assert state["description"] == "steps"
    # The layout and style it references were opened before it.
    order = [m["content"]["comm_id"] for m in messages if m["msg_type"] == "comm_open"]
    for ref in (state["layout"], state["style"]):
        assert ref.startswith("IPY_MODEL_") and order.index(ref[len("IPY_MODEL_"):]) < order.index(slider_id)
    assert models[state["layout"][10:]]["_model_name"] == "LayoutModel"
    assert models[state["layout"][10:]]["_model_module"] == "@jupyter-widgets/base"
    assert models[state["style"][10:]]["_model_name"] == "SliderStyleModel"
    shown = [m for m in messages if m["msg_type"] == "execute_result"]
    assert shown[0]["content"]["data"]["application/vnd.jupyter.widget-view+json"] == {
        "model_id": slider_id, "version_major": 2, "version_minor": 0}
    assert "IntSlider(value=100" in shown[0]["content"]["data"]["text/plain"]


def test_float_log_dropdown_checkbox_button_models(kc):
    _, reply, messages = execute(kc, '\n'.join([
        'a = slider(0.0, 0.99, value=0.9, description="γ")',
        'b = slider(1e-4, 1.0, value=0.01, log=True, description="lr")',
        'c = dropdown(["sgd", "adam"], value="adam")',
        'd = checkbox(value=True, description="on")',
        'e = button(description="go")']))
    assert reply["content"]["status"] == "ok"
    models = opened(messages)
    _, a = by_model(models, "FloatSliderModel")
    assert (a["value"], a["min"], a["max"], a["description"]) == (0.9, 0.0, 0.99, "γ")
    _, b = by_model(models, "FloatLogSliderModel")
    assert (b["value"], b["min"], b["max"], b["base"]) == (0.01, -4.0, 0.0, 10.0)
    _, c = by_model(models, "DropdownModel")
    assert (c["_options_labels"], c["index"]) == (["sgd", "adam"], 1)
    _, d = by_model(models, "CheckboxModel")
    assert d["value"] is True
    _, e = by_model(models, "ButtonModel")
    assert e["description"] == "go"


def test_interact_shows_controls_and_captures_the_first_run_in_its_output(kc):
    msg_id, messages, models, slider_id, output_id = start_interact(kc)
    box_id, box = by_model(models, "VBoxModel")
    assert box["children"][-1] == "IPY_MODEL_" + output_id
    assert "IPY_MODEL_" + slider_id in box["children"]
    views = [m for m in messages if m["msg_type"] == "display_data"
             and "application/vnd.jupyter.widget-view+json" in m["content"]["data"]]
    assert views[0]["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] == box_id
    kinds = [(m["msg_type"], m["content"].get("text")) for m in messages]
    start = next(k for k, m in enumerate(messages) if msg_id_update(output_id, msg_id)(m))
    end = next(k for k, m in enumerate(messages) if msg_id_update(output_id, "")(m))
    assert ("stream", "run 100 True\n") in kinds[start:end]
    shown = [m for m in messages[start:end] if m["msg_type"] == "display_data"]
    assert shown[-1]["content"]["data"]["text/plain"] == "200"


def test_update_from_the_front_end_echoes_and_reruns_into_the_output(kc):
    _, _, _, slider_id, output_id = start_interact(kc)
    update = comm_msg(kc, slider_id, {"method": "update", "state": {"value": 250}, "buffer_paths": []})
    messages = iopub_until(kc, msg_id_update(output_id, ""))
    echo = [m for m in messages if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == slider_id]
    assert echo[0]["content"]["data"] == {"method": "echo_update", "state": {"value": 250}, "buffer_paths": []}
    assert echo[0]["parent_header"]["msg_id"] == update
    assert any(msg_id_update(output_id, update)(m) for m in messages)
    run = [m for m in messages if m["parent_header"].get("msg_id") == update]
    kinds = [m["msg_type"] for m in run]
    assert "clear_output" in kinds and kinds.index("clear_output") < kinds.index("stream")
    assert [m["content"]["text"] for m in run if m["msg_type"] == "stream"] == ["run 250 True\n"]
    assert [m["content"]["data"]["text/plain"] for m in run if m["msg_type"] == "display_data"] == ["500"]
    _, reply, after = execute(kc, "steps.value")
    assert [m["content"]["data"]["text/plain"] for m in after if m["msg_type"] == "execute_result"] == ["250"]


def test_request_state_is_answered_with_the_full_state(kc):
    _, _, models, slider_id, _ = start_interact(kc)
    ask = comm_msg(kc, slider_id, {"method": "request_state"})
    messages = iopub_until(kc, lambda m: m["msg_type"] == "comm_msg" and m["parent_header"].get("msg_id") == ask)
    answer = messages[-1]["content"]["data"]
    assert answer["method"] == "update" and answer["buffer_paths"] == []
    assert answer["state"] == models[slider_id]


def test_request_states_on_the_control_comm_answers_every_model(kc):
    """ipywidgets 8's front end, after a page reload, opens a comm on jupyter.widget.control and
    sends request_states; the answer (ipywidgets' _handle_control_comm_msg) is update_states with
    each model's name, module, version and full state, as the models were opened and since
    changed."""
    _, _, models, slider_id, _ = start_interact(kc)
    execute(kc, "steps.value = 300")
    open_msg = kc.session.msg("comm_open", {"comm_id": "control-1", "target_name": "jupyter.widget.control",
                                            "data": {}}, metadata={"version": "1.0.0"})
    kc.shell_channel.send(open_msg)
    opened_then = [m for _, m in iopub_until_idle(kc, open_msg["header"]["msg_id"]) if m["msg_type"] != "status"]
    assert opened_then == []  # accepted: not closed
    ask = comm_msg(kc, "control-1", {"method": "request_states"})
    messages = iopub_until(kc, lambda m: m["msg_type"] == "comm_msg" and m["parent_header"].get("msg_id") == ask)
    answer = messages[-1]
    assert answer["content"]["comm_id"] == "control-1"
    data = answer["content"]["data"]
    assert data["method"] == "update_states" and data["buffer_paths"] == [] and answer["buffers"] == []
    assert set(data["states"]) == set(models)
    for model_id, state in models.items():
        entry = data["states"][model_id]
        assert (entry["model_name"], entry["model_module"], entry["model_module_version"]) == (
            state["_model_name"], state["_model_module"], state["_model_module_version"])
        expected = dict(state, value=300) if model_id == slider_id else state
        assert entry["state"] == expected


def test_outputs_the_front_end_synced_are_kept_for_a_reload(kc):
    """The front end's Output model syncs what it captured back to the kernel (ipywidgets 8's
    OutputModel.add sets `outputs` and saves); the kernel keeps it, as ipywidgets' Output trait
    does, so request_states after a page reload brings the figure back. It re-runs nothing."""
    msg_id, _, _, _, output_id = start_interact(kc)
    captured = [{"output_type": "stream", "name": "stdout", "text": "run 100 True\n"},
                {"output_type": "display_data", "data": {"text/plain": "200"}, "metadata": {}}]
    update = comm_msg(kc, output_id, {"method": "update", "state": {"outputs": captured}, "buffer_paths": []})
    ask = comm_msg(kc, output_id, {"method": "request_state"})
    messages = iopub_until(kc, lambda m: m["msg_type"] == "comm_msg" and m["parent_header"].get("msg_id") == ask)
    assert messages[-1]["content"]["data"]["state"]["outputs"] == captured
    assert not [m for m in messages if m["parent_header"].get("msg_id") == update and m["msg_type"] == "stream"]


def test_value_set_from_code_reaches_the_front_end_and_reruns(kc):
    _, _, _, slider_id, output_id = start_interact(kc)
    msg_id = kc.execute("steps.value = 300")
    messages = iopub_until(kc, msg_id_update(output_id, ""))
    updates = [m["content"]["data"] for m in messages
               if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == slider_id]
    assert updates == [{"method": "update", "state": {"value": 300}, "buffer_paths": []}]
    assert [m["content"]["text"] for m in messages if m["msg_type"] == "stream"] == ["run 300 True\n"]
    assert any(msg_id_update(output_id, msg_id)(m) for m in messages)


def test_rapid_updates_coalesce_to_the_newest_value(kc):
    _, _, _, slider_id, output_id = start_interact(kc)
    frames = [kc.session.serialize(kc.session.msg("comm_msg", {"comm_id": slider_id, "data": {
        "method": "update", "state": {"value": 10 + (n % 49) * 10}, "buffer_paths": []}})) for n in range(99)]
    frames.append(kc.session.serialize(kc.session.msg("comm_msg", {"comm_id": slider_id, "data": {
        "method": "update", "state": {"value": 490}, "buffer_paths": []}})))
    for parts in frames:
        kc.shell_channel.socket.send_multipart(parts)
    runs = []
    while not runs or runs[-1] != "run 490 True\n":
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["msg_type"] == "stream":
            runs.append(msg["content"]["text"])
    assert 1 <= len(runs) <= 3, runs
    _, _, after = execute(kc, "steps.value")
    assert [m["content"]["data"]["text/plain"] for m in after if m["msg_type"] == "execute_result"] == ["490"]


def test_an_error_in_a_callback_shows_in_the_output_and_the_kernel_goes_on(kc):
    _, _, _, slider_id, output_id = start_interact(kc)
    update = comm_msg(kc, slider_id, {"method": "update", "state": {"value": 20}, "buffer_paths": []})
    messages = iopub_until(kc, msg_id_update(output_id, ""))
    errors = [m for m in messages if m["msg_type"] == "error"]
    assert len(errors) == 1
    assert errors[0]["parent_header"]["msg_id"] == update
    assert errors[0]["content"]["ename"] == "NameError"
    assert any("undefined_name" in line for line in errors[0]["content"]["traceback"])
    # The error came while the Output captured the update's id: it shows there.
    start = next(k for k, m in enumerate(messages) if msg_id_update(output_id, update)(m))
    assert start < messages.index(errors[0])
    _, reply, after = execute(kc, "1 + 1")
    assert reply["content"]["status"] == "ok"
    comm_msg(kc, slider_id, {"method": "update", "state": {"value": 30}, "buffer_paths": []})
    messages = iopub_until(kc, msg_id_update(output_id, ""))
    assert [m["content"]["text"] for m in messages if m["msg_type"] == "stream"] == ["run 30 True\n"]


def test_comm_info_lists_the_widget_models_by_target(kc):
    _, _, models, _, _ = start_interact(kc)

    def info(**content):
        msg = kc.session.msg("comm_info_request", content)
        kc.shell_channel.send(msg)
        return reply_to(kc, msg["header"]["msg_id"])["content"]["comms"]

    assert set(info(target_name=WIDGET)) == set(models)
    assert all(c == {"target_name": WIDGET} for c in info().values())
    assert info(target_name="other") == {}


def test_button_click_runs_its_callback(kc):
    _, reply, messages = execute(kc, 'def hit(b):\n    print("clicked", b.description)\nb = button(description="go", on_click=hit)')
    button_id, _ = by_model(opened(messages), "ButtonModel")
    click = comm_msg(kc, button_id, {"method": "custom", "content": {"event": "click"}})
    messages = iopub_until(kc, lambda m: m["msg_type"] == "stream")
    assert messages[-1]["content"]["text"] == "clicked go\n"
    assert messages[-1]["parent_header"]["msg_id"] == click


def test_interrupt_stops_a_slow_callback_and_the_kernel_goes_on(kc):
    km_interrupt = kc.session.msg("interrupt_request", {})
    _, reply, messages = execute(kc, 'n = slider(0, 10, value=0)\ndef spin(n):\n    while n > 0:\n        pass\n    print("n", n)\ninteract(spin, n=n)')
    models = opened(messages)
    slider_id, _ = by_model(models, "IntSliderModel")
    output_id, _ = by_model(models, "OutputModel")
    update = comm_msg(kc, slider_id, {"method": "update", "state": {"value": 5}, "buffer_paths": []})
    # The re-run starts after the echo; it takes the Output widget only when it shows something.
    iopub_until(kc, lambda m: m["msg_type"] == "comm_msg" and m["content"]["data"].get("method") == "echo_update")
    time.sleep(0.3)
    kc.control_channel.send(km_interrupt)
    messages = iopub_until(kc, msg_id_update(output_id, ""))
    errors = [m["content"]["ename"] for m in messages if m["msg_type"] == "error"]
    assert errors == ["KeyboardInterrupt"]
    _, reply, after = execute(kc, "n.value")
    assert [m["content"]["data"]["text/plain"] for m in after if m["msg_type"] == "execute_result"] == ["5"]


def test_a_rerun_reports_before_its_update_goes_idle(kc):
    # JupyterLab listens to a comm_msg it sent only until that message's idle: the Output
    # widget capturing the re-run misses whatever comes later, and the figure never changes.
    _, _, _, slider_id, output_id = start_interact(kc)
    update = comm_msg(kc, slider_id, {"method": "update", "state": {"value": 300}, "buffer_paths": []})
    before_idle = [m for _, m in iopub_until_idle(kc, update)]
    assert [m["content"]["text"] for m in before_idle if m["msg_type"] == "stream"] == ["run 300 True\n"]
    assert any(msg_id_update(output_id, update)(m) for m in before_idle)
    assert any(msg_id_update(output_id, "")(m) for m in before_idle)


# A re-run whose only output is one figure goes to an Image widget, the PNG in the message's
# binary frame; anything else (printed text, an error) goes to the Output widget as before.
FIGURE = '''
k = slider(1, 5, value=1, description="k")
def curve(k):
    if k == 3:
        print("three")
    if k == 4:
        undefined_name
    return plot([x ** k for x in range(6)], title="k")
interact(curve, k=k)
'''
# ipywidgets 8.1.7's own `Image(format="png").get_state()` keys, `value` aside (a buffer).
IMAGE_KEYS = DOM_KEYS | {"format", "height", "width"}


def until_idle_after(kc, parent):
    return iopub_until(kc, lambda m: m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                       and m["parent_header"].get("msg_id") == parent)


def shown_png(kc, code):
    """The PNG and its size as the figure shows through display_data (the Output widget's path)."""
    _, _, messages = execute(kc, code)
    [shown] = [m for m in messages if m["msg_type"] in ("display_data", "execute_result")]
    return base64.b64decode(shown["content"]["data"]["image/png"]), shown["content"]["metadata"]["image/png"]


def start_figure(kc):
    """Runs FIGURE: the ids of its slider, Output and box."""
    _, reply, messages = execute(kc, FIGURE)
    assert reply["content"]["status"] == "ok"
    models = opened(messages)
    return tuple(by_model(models, name)[0] for name in ("IntSliderModel", "OutputModel", "VBoxModel"))


def children(messages, box_id):
    return [m["content"]["data"]["state"]["children"] for m in messages if m["msg_type"] == "comm_msg"
            and m["content"]["comm_id"] == box_id and "children" in m["content"]["data"].get("state", {})]


def test_a_rerun_showing_only_a_figure_sends_it_as_an_image_widgets_buffer(kc):
    slider_id, output_id, box_id = start_figure(kc)
    update = comm_msg(kc, slider_id, {"method": "update", "state": {"value": 2}, "buffer_paths": []})
    run = until_idle_after(kc, update)
    opens = [m for m in run if m["msg_type"] == "comm_open"]
    [image] = [m for m in opens if m["content"]["data"]["state"]["_model_name"] == "ImageModel"]
    [layout] = [m for m in opens if m is not image]  # its Layout model, opened before it
    assert "IPY_MODEL_" + layout["content"]["comm_id"] == image["content"]["data"]["state"]["layout"]
    image_id, state = image["content"]["comm_id"], image["content"]["data"]["state"]
    assert (state["_model_name"], state["_view_name"], state["_model_module"]) == (
        "ImageModel", "ImageView", "@jupyter-widgets/controls")
    assert set(state) == IMAGE_KEYS and state["format"] == "png"
    assert image["content"]["data"]["buffer_paths"] == [["value"]] and len(image["buffers"]) == 1
    png, size = shown_png(kc, "curve(2)")
    assert bytes(image["buffers"][0]) == png
    assert (state["width"], state["height"]) == (str(size["width"]), str(size["height"]))
    # in the box above the Output widget, which is emptied; nothing goes through display_data
    assert children(run, box_id) == [["IPY_MODEL_" + slider_id, "IPY_MODEL_" + image_id, "IPY_MODEL_" + output_id]]
    assert [m["content"]["data"]["state"] for m in run if m["msg_type"] == "comm_msg"
            and m["content"]["comm_id"] == output_id] == [{"outputs": []}]
    assert not [m for m in run if m["msg_type"] in ("display_data", "clear_output", "stream")]
    # the next run updates the same Image, and only it
    update = comm_msg(kc, slider_id, {"method": "update", "state": {"value": 5}, "buffer_paths": []})
    run = until_idle_after(kc, update)
    sent = [m for m in run if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] != slider_id]
    assert [m["content"]["comm_id"] for m in sent] == [image_id]
    assert sent[0]["content"]["data"]["buffer_paths"] == [["value"]]
    assert bytes(sent[0]["buffers"][0]) == shown_png(kc, "curve(5)")[0] != png
    # request_state and request_states answer with the PNG as a buffer
    ask = comm_msg(kc, image_id, {"method": "request_state"})
    answer = iopub_until(kc, lambda m: m["msg_type"] == "comm_msg" and m["parent_header"].get("msg_id") == ask)[-1]
    assert answer["content"]["data"]["buffer_paths"] == [["value"]] and "value" not in answer["content"]["data"]["state"]
    assert bytes(answer["buffers"][0]) == bytes(sent[0]["buffers"][0])
    kc.shell_channel.send(kc.session.msg("comm_open", {"comm_id": "control-2", "target_name": "jupyter.widget.control",
                                                       "data": {}}, metadata={"version": "1.0.0"}))
    ask = comm_msg(kc, "control-2", {"method": "request_states"})
    answer = iopub_until(kc, lambda m: m["msg_type"] == "comm_msg" and m["parent_header"].get("msg_id") == ask)[-1]
    assert answer["content"]["data"]["buffer_paths"] == [[image_id, "state", "value"]]
    assert bytes(answer["buffers"][0]) == bytes(sent[0]["buffers"][0])
    assert answer["content"]["data"]["states"][image_id]["state"] == state


def test_printed_text_or_an_error_goes_back_to_the_output_widget_and_a_figure_alone_to_the_image(kc):
    slider_id, output_id, box_id = start_figure(kc)
    until_idle_after(kc, comm_msg(kc, slider_id, {"method": "update", "state": {"value": 2}, "buffer_paths": []}))
    update = comm_msg(kc, slider_id, {"method": "update", "state": {"value": 3}, "buffer_paths": []})
    run = until_idle_after(kc, update)
    assert children(run, box_id) == [["IPY_MODEL_" + slider_id, "IPY_MODEL_" + output_id]]
    assert any(msg_id_update(output_id, update)(m) for m in run) and msg_id_update(output_id, "")(
        [m for m in run if m["msg_type"] == "comm_msg"][-1])
    kinds = [m["msg_type"] for m in run if m["parent_header"].get("msg_id") == update]
    assert kinds.index("clear_output") < kinds.index("stream") < kinds.index("display_data")
    png = base64.b64decode([m for m in run if m["msg_type"] == "display_data"][0]["content"]["data"]["image/png"])
    assert png == shown_png(kc, "curve(3)")[0]
    update = comm_msg(kc, slider_id, {"method": "update", "state": {"value": 4}, "buffer_paths": []})
    run = until_idle_after(kc, update)
    assert [m["content"]["ename"] for m in run if m["msg_type"] == "error"] == ["NameError"]
    assert any(msg_id_update(output_id, update)(m) for m in run) and not children(run, box_id)
    update = comm_msg(kc, slider_id, {"method": "update", "state": {"value": 5}, "buffer_paths": []})
    run = until_idle_after(kc, update)
    [box] = children(run, box_id)
    assert len(box) == 3 and box[0] == "IPY_MODEL_" + slider_id and box[2] == "IPY_MODEL_" + output_id
    image = [m for m in run if m["msg_type"] == "comm_msg" and "IPY_MODEL_" + m["content"]["comm_id"] == box[1]]
    assert bytes(image[0]["buffers"][0]) == shown_png(kc, "curve(5)")[0]
    assert not [m for m in run if m["msg_type"] == "comm_open"]  # the Image made at k = 2, reused
