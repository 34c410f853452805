"""Front ends through the installed kernelspec: nbclient runs a notebook, jupyter console
runs a cell in a terminal (tmux)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import nbformat
from nbclient import NotebookClient

from conftest import SAMPLES


def test_nbclient_executes_a_notebook(kernel_name):
    samples = SAMPLES[kernel_name]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel_name, "display_name": kernel_name, "language": "any"}
    nb.cells = [nbformat.v4.new_code_cell(samples["assign"]),
                nbformat.v4.new_code_cell(samples["hello"]),
                nbformat.v4.new_code_cell(samples["read"])]
    NotebookClient(nb, timeout=90, kernel_name=kernel_name).execute()
    assert [c.execution_count for c in nb.cells] == [1, 2, 3]
    assert nb.cells[1].outputs[0]["output_type"] == "stream"
    assert "hello, world" in nb.cells[1].outputs[0]["text"]
    result = nb.cells[2].outputs[0]
    assert result["output_type"] == "execute_result"
    assert result["data"]["text/plain"] == samples["read_result"]


def test_jupyter_console_runs_a_cell_in_tmux(kernel_name):
    samples = SAMPLES[kernel_name]
    session = "descent-console-" + uuid.uuid4().hex[:8]
    console = os.path.join(os.path.dirname(sys.executable), "jupyter-console")
    # A tmux server of its own (-L): on the shared default server, a session started just as
    # another test's last session ended could meet the server on its way out.
    tmux = ["tmux", "-L", session]
    subprocess.run(tmux + ["new-session", "-d", "-s", session, "-x", "120", "-y", "30",
                    console, "--simple-prompt", "--kernel", kernel_name], check=True)
    try:
        def screen():
            return subprocess.run(tmux + ["capture-pane", "-p", "-t", session],
                                  capture_output=True, text=True).stdout

        def wait_for(text, seconds=90):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if text in screen():
                    return True
                time.sleep(0.1)
            return False

        assert wait_for("In [1]"), screen()
        subprocess.run(tmux + ["send-keys", "-t", session, samples["quick"], "Enter"], check=True)
        assert wait_for(f"Out[1]: {samples['quick_result']}"), screen()
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True)
