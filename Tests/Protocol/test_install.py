"""`descent install` writes a kernelspec that Jupyter lists and can start."""
from __future__ import annotations

import json
import os
import subprocess

import pytest
from jupyter_client.kernelspec import KernelSpecManager

DESCENT = os.environ.get("DESCENT_BIN", "")

if DESCENT:
    @pytest.mark.parametrize("mode", ["message", "signal"])
    def test_install_writes_kernel_json_and_logo(tmp_path, mode):
        subprocess.run([DESCENT, "install", "--prefix", str(tmp_path), "--name", "descent-x",
                        "--interrupt-mode", mode], check=True, capture_output=True)
        folder = tmp_path / "share" / "jupyter" / "kernels" / "descent-x"
        spec = json.loads((folder / "kernel.json").read_text())
        assert spec["display_name"] == "Descent"
        assert spec["language"] == "descent"
        assert spec["interrupt_mode"] == mode
        assert os.path.isabs(spec["argv"][0]) and os.path.samefile(spec["argv"][0], DESCENT)
        assert spec["argv"][1:] == ["kernel", "--connection-file", "{connection_file}"]
        logo = (folder / "logo-64x64.png").read_bytes()
        assert logo[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(logo[16:20], "big") == 64 and int.from_bytes(logo[20:24], "big") == 64
        found = KernelSpecManager(kernel_dirs=[str(folder.parent)]).get_kernel_spec("descent-x")
        assert found.interrupt_mode == mode

    def test_install_refuses_two_locations(tmp_path):
        done = subprocess.run([DESCENT, "install", "--user", "--prefix", str(tmp_path)], capture_output=True, text=True)
        assert done.returncode != 0
        assert "at most one" in done.stderr
