"""Slider to new figure at the protocol: Descent's kernel beside ipykernel + ipywidgets 8 +
matplotlib, driven the same way through jupyter_client in one run.

Each kernel runs the same cell: a slider for Momentum's γ and `interact` drawing the ravine
x² + 50y² as a filled contour on [-3, 3] x [-2, 2] with one 100-step Momentum trajectory from
(-2, 1). The client then sends ~50 `comm_msg` updates of the slider's value, as a widget manager
does when the slider is moved, one at a time, and times each from the send to the arrival on
IOPub of the message carrying the new PNG (the re-run's output, parented to that `comm_msg`): a
`display_data` (an Output widget's capture, ipykernel's way), or Descent's Image widget's
`comm_open`/`comm_msg` with the PNG as its binary buffer. The kernels take turns, one change each, so all see the same machine. A third
kernel, Descent's with a function that only prints, measures the protocol's share. `--before
OLD_BINARY` adds an older build of Descent as a fourth kernel in the same turns, so that a change
is measured against the build before it under the same load.

    build/bench-venv/bin/pip install -r Benchmarks/widgets/requirements.txt
    swift build -c release --product descent
    build/bench-venv/bin/python Benchmarks/widgets/protocol.py --descent .build/release/descent
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import sys
import tempfile
import time

from jupyter_client.manager import start_new_kernel

DESCENT_CELL = '''
gamma = slider(0.0, 0.99, value=0.9, step=0.01, description="γ")
def show(gamma):
    path = minimize(ravine, start=[-2, 1], optimizer=Momentum(lr=0.01, gamma=gamma), steps=100)
    return contour(ravine, x=(-3, 3), y=(-2, 2), paths=[path])
interact(show, gamma=gamma)
'''

# The same figure with the usual Python stack: numpy for the 100 steps and a 150 x 150 grid (the
# grid Descent's contour samples), matplotlib's filled contour with 14 levels, 640x480 points at
# twice the resolution (Descent's PNGs are retina, 1280x960 pixels), not cropped.
PYTHON_CELL = '''
%matplotlib inline
%config InlineBackend.print_figure_kwargs = {"bbox_inches": None}
import numpy as np
import matplotlib.pyplot as plt
from ipywidgets import interact, FloatSlider
plt.rcParams["figure.dpi"] = 200
xs, ys = np.meshgrid(np.linspace(-3, 3, 150), np.linspace(-2, 2, 150))
zs = xs ** 2 + 50 * ys ** 2
def momentum(lr, gamma, steps):
    theta, v = np.array([-2.0, 1.0]), np.zeros(2)
    points = [theta.copy()]
    for _ in range(steps):
        v = gamma * v + lr * np.array([2 * theta[0], 100 * theta[1]])
        theta = theta - v
        points.append(theta.copy())
    return np.array(points)
def show(gamma):
    path = momentum(0.01, gamma, 100)
    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    ax.contourf(xs, ys, np.log(zs + 1e-3), levels=14)
    ax.plot(path[:, 0], path[:, 1], "o-", color="white", markersize=3)
    ax.set_xlim(-3, 3); ax.set_ylim(-2, 2)
    plt.show()
interact(show, gamma=FloatSlider(min=0.0, max=0.99, value=0.9, step=0.01, description="γ"))
'''


# The protocol's share: the same slider and interact, the function printing its value instead of
# drawing, so the time is the kernel's message handling and re-run scheduling without the figure.
DESCENT_TEXT_CELL = '''
gamma = slider(0.0, 0.99, value=0.9, step=0.01, description="γ")
def show(gamma):
    print("γ", gamma)
interact(show, gamma=gamma)
'''


def kernelspecs(descent, before=None):
    """A JUPYTER_PATH directory with a kernelspec for each kernel measured."""
    root = tempfile.mkdtemp(prefix="widgets-bench-")
    specs = {
        "bench-descent": [os.path.abspath(descent), "kernel", "--connection-file", "{connection_file}"],
        "bench-ipykernel": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
    }
    if before:
        specs["bench-descent-before"] = [os.path.abspath(before), "kernel", "--connection-file", "{connection_file}"]
    for name, argv in specs.items():
        os.makedirs(f"{root}/kernels/{name}")
        with open(f"{root}/kernels/{name}/kernel.json", "w") as f:
            json.dump({"argv": argv, "display_name": name, "language": name}, f)
    os.environ["JUPYTER_PATH"] = root


class Subject:
    """One kernel with the cell run: its client and the slider's comm id."""

    def __init__(self, name, kernel, cell, slider_model, figure=True):
        self.name = name
        self.figure = figure
        self.km, self.kc = start_new_kernel(kernel_name=kernel, startup_timeout=60)
        msg_id = self.kc.execute(cell)
        models = {}
        figure = False
        while True:
            msg = self.kc.get_iopub_msg(timeout=60)
            if msg["msg_type"] == "comm_open":
                models[msg["content"]["comm_id"]] = msg["content"]["data"]["state"]["_model_name"]
            if msg["msg_type"] == "display_data" and "image/png" in msg["content"]["data"]:
                figure = True
            if msg["msg_type"] == "error":
                raise RuntimeError(f"{name}: {msg['content']['evalue']}")
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"):
                break
        assert figure == self.figure, f"{name}: the cell drew {'no' if self.figure else 'a'} figure"
        self.slider = next(cid for cid, model in models.items() if model == slider_model)
        self.times = []
        self.png = b""

    def change(self, value):
        """Sends the slider's new value; returns seconds until the new output (the figure, or the
        printed text) is on IOPub."""
        msg = self.kc.session.msg("comm_msg", {"comm_id": self.slider, "data": {
            "method": "update", "state": {"value": value}, "buffer_paths": []}})
        start = time.perf_counter()
        self.kc.shell_channel.send(msg)
        elapsed = None
        while elapsed is None:
            m = self.kc.get_iopub_msg(timeout=60)
            if m["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
                continue
            if self.figure and m["msg_type"] == "display_data" and "image/png" in m["content"]["data"]:
                elapsed = time.perf_counter() - start
                self.png = base64.b64decode(m["content"]["data"]["image/png"])
            elif self.figure and m["msg_type"] in ("comm_open", "comm_msg") and m["buffers"] \
                    and m["content"]["data"].get("buffer_paths") == [["value"]]:
                elapsed = time.perf_counter() - start
                self.png = bytes(m["buffers"][0])
            elif not self.figure and m["msg_type"] == "stream":
                elapsed = time.perf_counter() - start
        self.drain()
        return elapsed

    def drain(self):
        """Reads what the re-run sends after its figure (idle, the Output's msg_id reset)."""
        while True:
            try:
                self.kc.get_iopub_msg(timeout=0.05)
            except Exception:
                return

    def stop(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--descent", default=".build/release/descent")
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--before", help="another descent binary (an older build) measured in the same turns")
    args = parser.parse_args()
    kernelspecs(args.descent, args.before)
    subjects = [Subject("Descent", "bench-descent", DESCENT_CELL, "FloatSliderModel"),
                Subject("ipykernel + ipywidgets + matplotlib", "bench-ipykernel", PYTHON_CELL, "FloatSliderModel"),
                Subject("Descent, printing the value (no figure)", "bench-descent", DESCENT_TEXT_CELL,
                        "FloatSliderModel", figure=False)]
    if args.before:
        subjects.append(Subject("Descent, --before build", "bench-descent-before", DESCENT_CELL, "FloatSliderModel"))
    try:
        values = [round(0.5 + 0.49 * ((k * 37) % 50) / 50, 2) for k in range(args.warmup + args.changes)]
        for k, value in enumerate(values):
            for s in subjects:
                t = s.change(value)
                if k >= args.warmup:
                    s.times.append(t)
    finally:
        for s in subjects:
            s.stop()
    print(f"{args.changes} slider changes each, kernels taking turns, after {args.warmup} warm-up changes\n")
    print("| kernel | p50 (ms) | p90 (ms) | min (ms) | PNG |")
    print("|---|---|---|---|---|")
    for s in subjects:
        ms = [t * 1000 for t in s.times]
        width, height = int.from_bytes(s.png[16:20], "big"), int.from_bytes(s.png[20:24], "big")
        png = f"{width}x{height}, {len(s.png) // 1024} KB" if s.figure else "none"
        print(f"| {s.name} | {statistics.median(ms):.1f} | {percentile(ms, 90):.1f} | {min(ms):.1f} | {png} |")
    d, p = (statistics.median(s.times) for s in subjects[:2])
    print(f"\nratio of p50s (ipykernel / Descent): {p / d:.1f}x")


if __name__ == "__main__":
    main()
