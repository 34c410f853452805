"""OpenBLAS and Cairo are opened on first use: an idle kernel maps neither, nor their
dependencies, and the first matrix product or figure opens each and works."""
from __future__ import annotations

import os
import signal
import subprocess

from jupyter_client.manager import start_new_kernel

from test_client import TIMEOUT, pid_of, result_text, run

DESCENT = os.environ.get("DESCENT_BIN", os.path.abspath(".build/debug/descent"))


def mapped(pid, *prefixes):
    """Which of the libraries whose file names start with these prefixes the process maps."""
    with open(f"/proc/{pid}/maps") as maps:
        names = {line.split()[-1].rsplit("/", 1)[-1] for line in maps if ".so" in line}
    return {prefix for prefix in prefixes for name in names if name.startswith(prefix)}


def test_openblas_and_cairo_are_mapped_only_once_used():
    km, kc = start_new_kernel(kernel_name="descent", startup_timeout=TIMEOUT)
    try:
        pid = pid_of(km)
        libraries = ("libzmq.", "libopenblas", "libgfortran.", "libcairo.", "libpixman-1.", "libX11.")
        assert mapped(pid, *libraries) == {"libzmq."}

        reply, outputs = run(kc, "tensor([[1.0, 2.0], [3.0, 4.0]]) @ tensor([[1.0], [1.0]])")
        assert reply["content"]["status"] == "ok"
        assert "3." in result_text(outputs)[0] and "7." in result_text(outputs)[0]
        assert mapped(pid, *libraries) == {"libzmq.", "libopenblas", "libgfortran."}

        reply, outputs = run(kc, "display(plot([1.0, 2.0, 3.0]))")
        assert reply["content"]["status"] == "ok"
        assert [m["msg_type"] for m in outputs].count("display_data") == 1
        assert mapped(pid, *libraries) == set(libraries)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_broken_cairo_stops_only_the_first_figure_and_is_named(tmp_path):
    """The dynamic linker finds a file that is not a library first: work that draws nothing
    runs, and the first figure ends the process with a message naming the library."""
    (tmp_path / "libcairo.so.2").write_text("not a library\n")
    env = dict(os.environ, LD_LIBRARY_PATH=str(tmp_path))
    script = tmp_path / "figure.descent"
    script.write_text('print(tensor([[2.0]]) @ tensor([[3.0]]))\nprint("before")\ndisplay(plot([1.0, 2.0]))\nprint("after")\n')
    done = subprocess.run([DESCENT, str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == -signal.SIGABRT
    assert "6." in done.stdout and "before" in done.stdout and "after" not in done.stdout
    assert "cannot load libcairo.so.2, which Descent needs for figures" in done.stderr
    assert str(tmp_path / "libcairo.so.2") in done.stderr
