"""OpenBLAS and Cairo are opened on first use: an idle kernel maps neither, nor their
dependencies, and the first matrix product or figure opens each and works."""
from __future__ import annotations

from jupyter_client.manager import start_new_kernel

from test_client import TIMEOUT, pid_of, result_text, run


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
