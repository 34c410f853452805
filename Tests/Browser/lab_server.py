"""A JupyterLab server for the browser suite and the browser benchmark: on 127.0.0.1, token and
password off, root a temporary copy of a folder, its own Jupyter dirs (nothing of the user's
leaks in, not even a kernelspec installed with --user), and stopped with its kernels however the
`with` block ends."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

START_TIMEOUT = 60
KERNELSPEC = {"display_name": "Descent", "language": "descent", "name": "descent"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(server: subprocess.Popen) -> None:
    """Ends the server and every process it started (kernels run in sessions of their own, so
    they are found through the process tree, not the process group)."""
    try:
        procs = [psutil.Process(server.pid)] + psutil.Process(server.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        procs = []
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.send_signal(signal.SIGTERM)
    _, alive = psutil.wait_procs(procs, timeout=5)
    for p in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=5)


class Lab:
    def __init__(self, url: str, root: Path):
        self.url = url
        self.root = root

    def write_notebook(self, name: str, cells: list[str], kernelspec: dict = KERNELSPEC) -> str:
        """Writes a notebook of code cells into the server's root and returns its name."""
        nb = {
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": kernelspec},
            "cells": [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None,
                       "outputs": [], "source": src} for i, src in enumerate(cells)],
        }
        (self.root / name).write_text(json.dumps(nb, indent=1))
        return name


@contextlib.contextmanager
def lab_server(notebooks: Path, log_to: Path, kernel: str = "descent"):
    """Serves a copy of `notebooks`; the server's log is copied to `log_to` at the end."""
    tmp = Path(tempfile.mkdtemp(prefix="descent-browser-"))
    root = tmp / "notebooks"
    shutil.copytree(notebooks, root)
    settings = tmp / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # No news or update toasts over the notebook.
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_PLATFORM_DIRS="1")
    port = free_port()
    log = open(tmp / "server.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", "--IdentityProvider.token=", "--ServerApp.password=",
         "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}",
         f"--LabApp.user_settings_dir={tmp / 'settings'}", f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
         "--LabApp.extension_manager=readonly"] + (["--allow-root"] if os.geteuid() == 0 else []),
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"jupyter lab exited: {(tmp / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/api/kernelspecs", timeout=2) as r:
                    specs = json.load(r)["kernelspecs"]
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        assert kernel in specs, f"the {kernel} kernelspec is not installed: {sorted(specs)}"
        yield Lab(url, root)
    finally:
        stop(server)
        log.close()
        log_to.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp / "server.log", log_to)
        shutil.rmtree(tmp, ignore_errors=True)
