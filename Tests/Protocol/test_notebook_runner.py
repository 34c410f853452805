"""`descent run` as CI uses it, and the same notebook through nbconvert and papermill via the
installed kernelspec and the papermill-descent plugin."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import nbformat

DESCENT = os.environ.get("DESCENT_BIN", os.path.abspath(".build/debug/descent"))
BIN = os.path.dirname(sys.executable)


def make_notebook(path, sources, tags=None):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "descent", "display_name": "Descent", "language": "descent"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    for index, cell_tags in (tags or {}).items():
        nb.cells[index].metadata["tags"] = cell_tags
    nbformat.write(nb, path)
    return path


def descent_run(*args):
    return subprocess.run([DESCENT, "run", *args], capture_output=True, text=True, timeout=120)


def test_run_writes_valid_nbformat_with_outputs(tmp_path):
    src = make_notebook(tmp_path / "in.ipynb", ['print("hi")', "x = 2\nx * 21", "display(x)"])
    out = tmp_path / "out.ipynb"
    result = descent_run(str(src), "--output", str(out))
    assert result.returncode == 0, result.stderr
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat_minor >= 5
    assert nb.cells[0].outputs[0]["text"] == "hi\n"
    assert nb.cells[1].outputs[0]["output_type"] == "execute_result"
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "42"
    assert nb.cells[1].execution_count == 2
    assert nb.cells[2].outputs[0]["output_type"] == "display_data"
    # nbformat's own layout, so that a re-save by Jupyter changes nothing
    assert out.read_text() == nbformat.writes(nb) + "\n"


def test_failing_cell_exits_non_zero_and_names_cell_and_line(tmp_path):
    src = make_notebook(tmp_path / "bad.ipynb", ["lr = 0.1", "y = 1\nprint(lrr)", "print('after')"])
    result = descent_run(str(src))
    assert result.returncode != 0
    assert "cell 2, line 2" in result.stderr
    assert "NameError" in result.stderr and "lrr" in result.stderr


def test_not_a_notebook_is_a_clear_error_and_file_untouched(tmp_path):
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{ this is not json")
    result = descent_run(str(bad), "--inplace")
    assert result.returncode != 0
    assert "not valid JSON" in result.stderr
    assert bad.read_text() == "{ this is not json"


def test_parameters_and_tags(tmp_path):
    src = make_notebook(tmp_path / "p.ipynb", ["lr = 0.1", "1 / 0", "print(lr)"],
                        tags={0: ["parameters"], 1: ["raises-exception"]})
    result = descent_run(str(src), "--inplace", "-p", "lr=0.5")
    assert result.returncode == 0, result.stderr
    nb = nbformat.read(src, as_version=4)
    assert nb.cells[1].metadata["tags"] == ["injected-parameters"]
    assert nb.cells[3].outputs[0]["text"] == "0.5\n"


def test_check_detects_a_changed_output(tmp_path):
    src = make_notebook(tmp_path / "c.ipynb", ["2 + 2"])
    assert descent_run(str(src), "--inplace").returncode == 0
    assert descent_run(str(src), "--check").returncode == 0
    nb = json.loads(src.read_text())
    nb["cells"][0]["outputs"][0]["data"]["text/plain"] = ["5"]
    src.write_text(json.dumps(nb))
    result = descent_run(str(src), "--check")
    assert result.returncode != 0
    assert "cell 1" in result.stderr


def test_nbconvert_executes_through_the_kernelspec(tmp_path):
    src = make_notebook(tmp_path / "n.ipynb", ["x = 20", "x + 1"])
    subprocess.run([os.path.join(BIN, "jupyter-nbconvert"), "--to", "notebook", "--execute",
                    "--output", "n-out.ipynb", str(src)], check=True, capture_output=True, timeout=120)
    nb = nbformat.read(tmp_path / "n-out.ipynb", as_version=4)
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "21"


def test_papermill_injects_descent_parameters(tmp_path):
    src = make_notebook(tmp_path / "pm.ipynb", ['lr = 0.1\nname = "sgd"', 'print(f"{name} {lr}")'],
                        tags={0: ["parameters"]})
    out = tmp_path / "pm-out.ipynb"
    subprocess.run([os.path.join(BIN, "papermill"), str(src), str(out), "-p", "lr", "0.25",
                    "-p", "name", 'ad"am'], check=True, capture_output=True, timeout=120)
    nb = nbformat.read(out, as_version=4)
    injected = nb.cells[1]
    assert "injected-parameters" in injected.metadata["tags"]
    assert 'name = "ad\\"am"' in injected.source
    assert nb.cells[2].outputs[0]["text"] == 'ad"am 0.25\n'


NOTEBOOKS = sorted(os.path.join("notebooks", name) for name in os.listdir("notebooks") if name.endswith(".ipynb"))


def test_shipped_notebooks_carry_the_kernels_own_language_info():
    """JupyterLab copies kernel_info_reply's language_info into a notebook it opens: when the
    notebook already has it, opening does not mark the notebook modified."""
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name="descent", startup_timeout=30)
    try:
        msg_id = kc.kernel_info()
        while True:
            reply = kc.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        language_info = reply["content"]["language_info"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert language_info["name"] == "descent" and "nbconvert_exporter" in language_info
    assert NOTEBOOKS
    for path in NOTEBOOKS:
        with open(path, encoding="utf-8") as f:
            assert json.load(f)["metadata"]["language_info"] == language_info, path


def test_check_compares_numbers_with_a_relative_tolerance(tmp_path):
    src = make_notebook(tmp_path / "t.ipynb", ['print("loss", 0.123456, "after", 12, "steps")'])
    assert descent_run(str(src), "--inplace").returncode == 0

    def stored(text, rtol=None):
        nb = json.loads(src.read_text())
        nb["cells"][0]["outputs"][0]["text"] = [text]
        nb["metadata"].pop("descent", None)
        if rtol is not None:
            nb["metadata"]["descent"] = {"check": {"rtol": rtol}}
        src.write_text(json.dumps(nb))
        return descent_run(str(src), "--check")

    assert stored("loss 0.12347 after 12 steps\n").returncode == 0  # 1.2e-4 relative
    result = stored("loss 0.1236 after 12 steps\n")  # 1.2e-3 relative
    assert result.returncode != 0
    assert "stored 0.1236, produced 0.123456 (relative difference 0.0012 > rtol 0.001)" in result.stderr
    assert stored("loss 0.1236 after 12 steps\n", rtol=0.01).returncode == 0
    result = stored("loss 0.123456 after 13 steps\n", rtol=0.5)
    assert result.returncode != 0 and "integers must be equal" in result.stderr
    assert stored("Loss 0.123456 after 12 steps\n", rtol=0.5).returncode != 0


def test_many_prints_in_one_cell_take_linear_time(tmp_path):
    """40,000 prints took 114 s (release) when every print re-joined the cell's text."""
    import time
    src = make_notebook(tmp_path / "many.ipynb", ["for i in range(40000):\n    print(i)"])
    start = time.monotonic()
    result = descent_run(str(src), "--inplace")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - start < 20
    text = nbformat.read(src, as_version=4).cells[0].outputs[0]["text"]
    assert text == "".join(f"{i}\n" for i in range(40000))


def test_inplace_keeps_the_mode_and_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target = make_notebook(real / "nb.ipynb", ["1 + 1"])
    os.chmod(target, 0o600)
    link = tmp_path / "link.ipynb"
    link.symlink_to("real/nb.ipynb")
    result = descent_run(str(link), "--inplace")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "real/nb.ipynb"
    assert nbformat.read(target, as_version=4).cells[0].outputs[0]["data"]["text/plain"] == "2"
    assert os.stat(target).st_mode & 0o7777 == 0o600
    assert sorted(os.listdir(real)) == ["nb.ipynb"]


def test_a_run_killed_mid_way_leaves_nothing_the_next_run_does_not_remove(tmp_path):
    import signal
    import time
    src = make_notebook(tmp_path / "slow.ipynb", ["s = 0\nwhile True:\n    s = s + 1"])
    original = src.read_bytes()
    process = subprocess.Popen([DESCENT, "run", str(src), "--inplace"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert src.read_bytes() == original
    # What a kill during the final write would leave: a temporary named with the dead PID.
    leftover = tmp_path / f".slow.ipynb.{process.pid}.tmp"
    leftover.write_text('{"cells": [')
    quick = make_notebook(tmp_path / "slow.ipynb", ["1"])
    assert descent_run(str(quick), "--inplace").returncode == 0
    assert sorted(os.listdir(tmp_path)) == ["slow.ipynb"]


def test_metadata_numbers_survive_a_run(tmp_path):
    src = make_notebook(tmp_path / "n.ipynb", ["1"])
    text = src.read_text().replace('"metadata": {\n', '"metadata": {\n  "big": 123456789012345678901234567890,\n  "huge": 1e400,\n', 1)
    src.write_text(text)
    assert descent_run(str(src), "--inplace").returncode == 0
    written = src.read_text()
    assert '"big": 123456789012345678901234567890,' in written
    assert '"huge": 1e400,' in written


def test_invalid_utf8_is_an_error_naming_the_file(tmp_path):
    src = make_notebook(tmp_path / "latin1.ipynb", ['print("café")'])
    data = src.read_bytes().replace("café".encode(), b"caf\xe9")
    src.write_bytes(data)
    result = descent_run(str(src), "--inplace")
    assert result.returncode != 0
    assert f"{src}: not a notebook" in result.stderr and "invalid UTF-8" in result.stderr
    assert src.read_bytes() == data


def test_output_dir_refuses_two_notebooks_of_the_same_name_before_running(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        make_notebook(tmp_path / folder / "nb.ipynb", [f'print("ran {folder}")'])
    out = tmp_path / "out"
    result = descent_run(str(tmp_path / "a/nb.ipynb"), str(tmp_path / "b/nb.ipynb"), "--output", str(out))
    assert result.returncode != 0
    assert "a/nb.ipynb and " in result.stderr and "b/nb.ipynb would both be written to" in result.stderr
    assert "cells ran" not in result.stdout
    assert not out.exists()
    figures = tmp_path / "figures"
    result = descent_run(str(tmp_path / "a/nb.ipynb"), str(tmp_path / "b/nb.ipynb"), "--figures", str(figures))
    assert result.returncode != 0
    assert f"would both be written to {figures}/nb-cell*.png" in result.stderr
    assert "cells ran" not in result.stdout


def test_unknown_parameter_warns_as_papermill_does(tmp_path):
    src = make_notebook(tmp_path / "p.ipynb", ["lr = 0.1", "print(lr)"], tags={0: ["parameters"]})
    result = descent_run(str(src), "--inplace", "-p", "lr=0.5", "-p", "epohcs=3")
    assert result.returncode == 0, result.stderr
    assert "Passed unknown parameter: epohcs" in result.stderr
    assert "unknown parameter: lr" not in result.stderr
    assert nbformat.read(src, as_version=4).cells[2].outputs[0]["text"] == "0.5\n"


WIDGET_CELLS = [
    'lr = slider(0.001, 0.5, value=0.01, description="lr")\nlr',   # SGD on the ravine diverges above 0.02
    "def show(lr):\n    path = minimize(ravine, start=[-2, 1], optimizer=SGD(lr=lr), steps=20)\n"
    "    print('lr', lr)\n    return contour(ravine, x=(-3, 3), y=(-2, 2), paths=[path])\ninteract(show, lr=lr)",
]


def test_run_saves_widget_state_and_json_views_as_objects(tmp_path):
    """A notebook with controls, run by `descent run`: the widget views are JSON objects (as
    nbformat wants `*+json` data), the metadata holds the models' state as JupyterLab's "Save
    Widget State" writes it, interact's cell keeps the output for the initial value, and a second
    run with --check agrees (model ids are numbered, not random)."""
    src = make_notebook(tmp_path / "w.ipynb", WIDGET_CELLS)
    result = descent_run(str(src), "--inplace")
    assert result.returncode == 0, result.stderr
    nb = nbformat.read(src, as_version=4)
    nbformat.validate(nb)
    views = [o["data"]["application/vnd.jupyter.widget-view+json"] for c in nb.cells for o in c.outputs
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 2 and all(isinstance(v, dict) for v in views)
    # the raw file, not nbformat's reading of it: an object, not a string holding JSON
    raw = json.loads(src.read_text())
    assert isinstance(raw["cells"][0]["outputs"][0]["data"]["application/vnd.jupyter.widget-view+json"], dict)
    saved = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
    assert (saved["version_major"], saved["version_minor"]) == (2, 0)
    states = saved["state"]
    for view in views:
        assert view["version_major"] == 2 and view["model_id"] in states
    slider = states[views[0]["model_id"]]
    assert (slider["model_name"], slider["model_module"]) == ("FloatSliderModel", "@jupyter-widgets/controls")
    assert slider["state"]["value"] == 0.01 and slider["state"]["description"] == "lr"
    box = states[views[1]["model_id"]]["state"]
    assert box["_model_name"] == "VBoxModel" and "IPY_MODEL_" + views[0]["model_id"] in box["children"]
    for child in box["children"]:
        assert child.removeprefix("IPY_MODEL_") in states
    # where no widget manager runs (GitHub), the box's text names its controls
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == (
        "VBox(children=(FloatSlider(value=0.01, min=0.001, max=0.5, step=0.001, description='lr'), Output()))")
    after = [o for o in nb.cells[1].outputs if o["output_type"] == "stream" or "image/png" in o.get("data", {})]
    assert after[0]["text"] == "lr 0.01\n" and "image/png" in after[1]["data"]
    check = descent_run(str(src), "--check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_run_without_widgets_writes_no_widget_metadata(tmp_path):
    """A notebook without controls gets no `widgets` key (not JSON null, which nbformat rejects),
    and one whose controls are gone after a re-run loses the key its last run wrote."""
    src = make_notebook(tmp_path / "plain.ipynb", ["x = 1 + 1", "print(x)"])
    result = descent_run(str(src), "--inplace")
    assert result.returncode == 0, result.stderr
    assert "widgets" not in json.loads(src.read_text())["metadata"]
    nbformat.validate(nbformat.read(src, as_version=4))
    src = make_notebook(tmp_path / "w.ipynb", WIDGET_CELLS)
    assert descent_run(str(src), "--inplace").returncode == 0
    assert "widgets" in json.loads(src.read_text())["metadata"]
    nb = nbformat.read(src, as_version=4)
    nb.cells = [nbformat.v4.new_code_cell("print(2)")]
    nbformat.write(nb, src)
    assert descent_run(str(src), "--inplace").returncode == 0
    assert "widgets" not in json.loads(src.read_text())["metadata"]


def test_nbconvert_html_carries_the_widget_state_and_the_initial_figure(tmp_path):
    src = make_notebook(tmp_path / "w.ipynb", WIDGET_CELLS)
    assert descent_run(str(src), "--inplace").returncode == 0
    result = subprocess.run([os.path.join(BIN, "jupyter"), "nbconvert", "--to", "html", str(src)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "w.html").read_text()
    assert '<script type="application/vnd.jupyter.widget-state+json">' in html
    assert html.count('<script type="application/vnd.jupyter.widget-view+json">') == 2
    # the figure of the initial value, as an output image (the page's CSS holds other data: URLs)
    assert html.count('class="jp-RenderedImage jp-OutputArea-output"') == 1
    assert '<pre>lr 0.01\n</pre>' in html
