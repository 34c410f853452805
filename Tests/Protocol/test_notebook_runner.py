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
