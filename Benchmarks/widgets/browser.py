"""Slider move to new figure on screen, in JupyterLab in chromium: Descent's `interact` beside
ipywidgets + matplotlib on ipykernel, drawing the same thing (the ravine x² + 50y² as filled
contours with one 100-step Momentum trajectory, 1280x960 PNG), in one run.

The slider's handle has the keyboard focus; each ArrowRight moves it one step. The time is taken
in the page, from the keydown to the moment a new <img> is in the widget's box (the Output
widget's, or Descent's Image widget's: a MutationObserver), so neither Playwright's round trips nor
the screenshot are counted; the image's `load` event (decoded) is noted too. The page also notes
when the slider's `update` leaves on its websocket and when the figure's message arrives
(splitting the page's work before and after from the server's and kernel's) and counts the large
frames it receives and sends per move.

A third subject, Descent showing figures rendered before the moves, measures the path without the
render: the message through the server and the page putting the PNG in.

Usage (not run in CI): Benchmarks/widgets/browser.sh [moves <= 30]   -> p50/p90 per kernel,
and a screenshot of each notebook after its last move in build/browser-bench-*.png
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "Browser"))
from lab_server import lab_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

DESCENT = [
    'lr = slider(0.001, 0.02, value=0.005, step=0.0005, description="lr")\n'
    "def show(lr):\n"
    "    path = minimize(ravine, start=[-2, 1], optimizer=Momentum(lr=lr, gamma=0.9), steps=100)\n"
    "    return contour(ravine, x=(-3, 3), y=(-2, 2), paths=[path])\n"
    "interact(show, lr=lr)"]

# The same slider showing figures made before it moves (two, alternating, each rendered on its first
# showing and kept): the kernel only handles the message, so what is measured is the rest of the
# path, the same 1280x960 PNG through the server to the page.
DESCENT_PRERENDERED = [
    'lr = slider(0.001, 0.02, value=0.005, step=0.0005, description="lr")\n'
    "figures = []\n"
    "for r in [0.005, 0.01]:\n"
    "    path = minimize(ravine, start=[-2, 1], optimizer=Momentum(lr=r, gamma=0.9), steps=100)\n"
    "    figures.append(contour(ravine, x=(-3, 3), y=(-2, 2), paths=[path]))\n"
    "def show(lr):\n"
    "    return figures[int(round(lr / 0.0005)) % 2]\n"
    "interact(show, lr=lr)"]

PYTHON = [
    "import numpy as np\n"
    "import matplotlib\n"
    "import matplotlib.pyplot as plt\n"
    "from ipywidgets import FloatSlider, interact\n"
    "%matplotlib inline\n"
    "xs, ys = np.meshgrid(np.linspace(-3, 3, 200), np.linspace(-2, 2, 200))\n"
    "zs = xs**2 + 50 * ys**2\n"
    "def momentum(lr, gamma=0.9, steps=100):\n"
    "    p, v, path = np.array([-2.0, 1.0]), np.zeros(2), [np.array([-2.0, 1.0])]\n"
    "    for _ in range(steps):\n"
    "        g = np.array([2 * p[0], 100 * p[1]])\n"
    "        v = gamma * v + g\n"
    "        p = p - lr * v\n"
    "        path.append(p.copy())\n"
    "    return np.array(path)\n"
    "def show(lr):\n"
    "    path = momentum(lr)\n"
    "    fig, ax = plt.subplots(figsize=(6.4, 4.8), dpi=200)\n"
    "    ax.contourf(xs, ys, zs, levels=12)\n"
    "    ax.plot(path[:, 0], path[:, 1], '-o', markersize=2, label='Momentum')\n"
    "    ax.set_title('ravine'); ax.set_xlabel('x'); ax.set_ylabel('y'); ax.legend()\n"
    "    plt.show()\n"
    'interact(show, lr=FloatSlider(min=0.001, max=0.02, value=0.005, step=0.0005, description="lr"))']

# Before the page's scripts: the arrival of every large websocket frame (a figure's message, ~350
# KB) and every large frame the page sends (its Output model syncing `outputs` back), so a move's
# time splits into keydown -> figure's message in the page, and message -> <img> in the DOM. The
# listener is added before JupyterLab's onmessage, so it runs first.
FRAMES = """(() => {
  const Native = window.WebSocket, big = 100000;
  const size = d => (typeof d === 'string' ? d.length : d.byteLength ?? d.size ?? 0);
  window.__received = []; window.__sent = []; window.__sentAll = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => { if (size(e.data) > big) window.__received.push(performance.now()); });
    }
    send(data) {
      window.__sentAll.push(performance.now());
      if (size(data) > big) window.__sent.push(performance.now());
      return super.send(data);
    }
  };
})();"""

WATCH = """() => {
  window.__figs = [];
  window.__loads = [];
  window.__keys = [];
  document.addEventListener('keydown', () => { window.__keys.push(performance.now()); console.timeStamp('key'); }, true);
  const box = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell .jp-Cell-outputArea');
  const seen = new Set([...box.querySelectorAll('img')].map(i => i.src));
  new MutationObserver(() => {
    for (const img of box.querySelectorAll('img')) {
      if (seen.has(img.src)) continue;
      seen.clear(); seen.add(img.src);
      const n = window.__figs.push(performance.now());
      console.timeStamp('fig');
      const loaded = () => { window.__loads[n - 1] = performance.now(); };
      img.complete && img.naturalWidth ? loaded() : img.addEventListener('load', loaded, {once: true});
    }
  }).observe(box, {childList: true, subtree: true, attributes: true, attributeFilter: ['src']});
}"""


def measure(page, lab, name, cells, kernelspec, moves):
    page.goto(f"{lab.url}/lab/tree/{lab.write_notebook(name, cells, kernelspec)}?reset")
    status = page.locator("#jp-main-statusbar").get_by_text(f"{kernelspec['display_name']} | Idle")
    status.wait_for(timeout=120_000)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.locator(".jp-InputArea-prompt").click()
    page.keyboard.press("Shift+Enter")
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jupyter-widgets img").wait_for(timeout=120_000)
    page.evaluate(WATCH)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .noUi-handle").first.focus()
    page.evaluate("window.__received = []; window.__sent = []; window.__sentAll = []")
    times, arrivals, sends, loads = [], [], [], []
    for i in range(moves):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("n => window.__figs.length >= n", arg=i + 1, timeout=60_000)
        time.sleep(0.2)  # let the front end settle: one move at a time, not a burst
        keys, figs, loaded, frames_in, frames_out, out = page.evaluate(
            "[window.__keys, window.__figs, window.__loads, window.__received, window.__sent, window.__sentAll]")
        times.append(figs[i] - keys[i])
        arrivals += [t - keys[i] for t in frames_in if keys[i] <= t <= figs[i]][:1]
        sends += [t - keys[i] for t in out if keys[i] <= t <= figs[i]][:1]
        if i < len(loaded) and loaded[i]:
            loads.append(loaded[i] - keys[i])
    received, sent = len(frames_in), len(frames_out)
    page.screenshot(path=ROOT / "build" / f"browser-bench-{name.removesuffix('.ipynb')}.png")
    return times, arrivals, received / moves, sent / moves, sends, loads


def page_time(trace_file):
    """The page's main thread between each keydown and its new <img>, from a Chromium trace:
    busy time and self time by event (the top ones), medians over the moves, in ms."""
    import json
    from collections import defaultdict
    events = json.loads(Path(trace_file).read_text())["traceEvents"]
    names = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name" and e["args"]["name"] == "CrRendererMain"}
    marks = sorted((e["ts"], e["args"]["data"]["message"]) for e in events if e.get("name") == "TimeStamp")
    windows = [(t, next(u for u, m in marks if u > t and m == "fig")) for t, m in marks if m == "key"
               if any(u > t and m == "fig" for u, m in marks)]
    main_events = sorted((e for e in events if (e["pid"], e["tid"]) in names and e.get("ph") == "X" and "dur" in e),
                         key=lambda e: (e["ts"], -e["dur"]))
    busy, selves = [], defaultdict(list)
    for start, end in windows:
        inside = [e for e in main_events if start <= e["ts"] < end]
        self_time, stack, total = defaultdict(float), [], 0.0
        for e in inside:
            while stack and stack[-1]["ts"] + stack[-1]["dur"] <= e["ts"]:
                stack.pop()
            if stack:
                self_time[stack[-1]["name"] if stack[-1]["name"] != "EventDispatch" else "EventDispatch " + stack[-1]["args"].get("data", {}).get("type", "")] -= e["dur"]
            else:
                total += e["dur"]
            key = e["name"] if e["name"] != "EventDispatch" else "EventDispatch " + e["args"].get("data", {}).get("type", "")
            self_time[key] += e["dur"]
            stack.append(e)
        busy.append(total / 1000)
        for k, v in self_time.items():
            selves[k].append(v / 1000)
    n = len(windows)
    top = sorted(((sum(v) / n, k) for k, v in selves.items()), reverse=True)[:12]
    print(f"    page's main thread busy between keydown and <img>: p50 {statistics.median(busy):.1f} ms over {n} moves; "
          "self time by event (mean per move): " + ", ".join(f"{k} {t:.1f}" for t, k in top))


def main():
    # The sliders go from 0.005 to their end 0.02 in 30 steps of 0.0005: a 31st move changes nothing.
    moves = min(int(sys.argv[1]) if len(sys.argv) > 1 else 30, 30)
    empty = ROOT / "build" / "browser-bench-root"
    empty.mkdir(parents=True, exist_ok=True)
    results = {}
    with lab_server(empty, ROOT / "build" / "browser-bench-server.log") as lab, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                    args=["--no-sandbox"] if os.geteuid() == 0 else [])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(FRAMES)
        results["Descent (interact)"] = measure(
            page, lab, "descent.ipynb", DESCENT, {"display_name": "Descent", "language": "descent", "name": "descent"}, moves)
        # TRACE=file: a Chromium trace of this subject's moves, summarised as the page's own time.
        trace = os.environ.get("TRACE")
        if trace:
            browser.start_tracing(page=page, path=trace, categories=["devtools.timeline", "v8.execute", "blink.user_timing"])
        results["Descent, figures rendered before the moves (front end and transport only)"] = measure(
            page, lab, "descent-prerendered.ipynb", DESCENT_PRERENDERED,
            {"display_name": "Descent", "language": "descent", "name": "descent"}, moves)
        if trace:
            browser.stop_tracing()
        results["ipykernel + ipywidgets + matplotlib"] = measure(
            page, lab, "python.ipynb", PYTHON, {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}, moves)
        browser.close()
    trace = os.environ.get("TRACE")
    for name, (t, arrivals, received, sent, sends, loads) in results.items():
        t = sorted(t)
        print(f"{name}: p50 {statistics.median(t):.1f} ms, p90 {t[int(0.9 * (len(t) - 1))]:.1f} ms, "
              f"min {t[0]:.1f} ms over {len(t)} moves")
        if arrivals:
            print(f"    figure's message in the page p50 {statistics.median(arrivals):.1f} ms after the keydown; "
                  f"large frames (> 100 KB) per move: {received:.1f} received, {sent:.1f} sent")
        if sends:
            print(f"    the slider's update sent p50 {statistics.median(sends):.1f} ms after the keydown")
        if loads:
            print(f"    the new image loaded (decoded) p50 {statistics.median(loads):.1f} ms after the keydown")
        if trace and name.startswith("Descent, figures"):
            page_time(trace)
    d, py = (statistics.median(results[k][0]) for k in ("Descent (interact)", "ipykernel + ipywidgets + matplotlib"))
    print(f"ratio (ipykernel p50 / Descent p50): {py / d:.1f}x")


if __name__ == "__main__":
    main()
