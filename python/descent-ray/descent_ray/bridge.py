"""The Ray driver side of the bridge: one per search, started by `descent`.

Searches: protocol (JSON lines). From `descent`: first {"address", "binary", "session"}, then
{"trial": {"position", ...}} per trial and {"cancel": true} on interrupt (end of input cancels
too). To `descent`: {"ready": {"nodes", "cpus", "address"}} or {"error": message}, then per
trial {"position", "record" | "failure", "node", "retries"?} as the trials finish.
Notebook batches (`descent run --cluster`): {"address", "binary", "notebooks": [{"path", "text"}],
"directory", "arguments"}, answered by {"ready"} and one line per notebook as it finishes.
"""
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import uuid

from descent_ray import worker

# A trial whose Ray worker or node dies is submitted again this many times, then reported.
RETRIES = 2


def _protocol_stdout():
    """The real stdout for the protocol; whatever Ray or a library prints goes to stderr."""
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    return out


def _read_lines(stream, into):
    for line in stream:
        into.put(json.loads(line))
    into.put(None)


def _version(binary):
    try:
        return subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        return None


def _run_notebooks(ray, hello, binary, version, send):
    """`descent run --cluster`: one task per notebook; each result is sent as it finishes as
    {"notebook": index, "executed", "status", "stdout", "stderr", "node"}."""
    task = ray.remote(worker.run_notebook).options(num_cpus=1, max_retries=RETRIES, scheduling_strategy="SPREAD")
    pending = {task.remote(binary, version, nb["path"], nb["text"], hello["directory"], hello["arguments"]): i
               for i, nb in enumerate(hello["notebooks"])}
    try:
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            i = pending.pop(done[0])
            try:
                send({"notebook": i, **ray.get(done[0])})
            except ray.exceptions.RayError as e:
                send({"notebook": i, "executed": None, "status": 1, "stdout": "", "stderr": f"its Ray task failed: {e}\n"})
        return 0
    finally:
        for ref in pending:
            ray.cancel(ref, force=True)


def main():
    out = _protocol_stdout()

    def send(message):
        out.write(json.dumps(message) + "\n")

    # Ends with the `descent` process that started it, however that ends (a killed kernel).
    worker.die_with_parent(signal.SIGTERM)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    hello = json.loads(sys.stdin.readline() or "null")
    if not hello:
        return 1
    address = hello["address"]
    try:
        import ray
    except ImportError:
        send({"error": f"Ray is not installed in {sys.executable}: pip install 'ray[default]' ./python/descent-ray"})
        return 1
    try:
        ray.init(address=address, log_to_driver=False, logging_level="ERROR", configure_logging=False)
    except Exception as e:  # Ray raises ConnectionError, ValueError and its own kinds here
        send({"error": f"cannot connect to the Ray cluster at {address}: {e}"})
        return 1
    # The worker code travels with the task: nodes need Ray, not this package.
    ray.cloudpickle.register_pickle_by_value(worker)
    binary = hello["binary"]
    version = _version(binary)
    nodes = [n for n in ray.nodes() if n.get("Alive")]
    cpus = int(ray.cluster_resources().get("CPU", 1))
    # The address as the user gave it, unless it only said where to look.
    shown = ray.get_runtime_context().gcs_address if address in ("auto", "") else address
    send({"ready": {"nodes": len(nodes), "cpus": max(cpus, 1), "address": shown}})
    if "notebooks" in hello:
        return _run_notebooks(ray, hello, binary, version, send)
    session = ray.put(json.dumps(hello["session"]))
    search = uuid.uuid4().hex

    # SPREAD: trials go to every node, not first to fill the one the driver is on.
    run_trial = ray.remote(worker.run_trial).options(num_cpus=1, max_retries=0, scheduling_strategy="SPREAD")
    inbox = queue.Queue()
    threading.Thread(target=_read_lines, args=(sys.stdin, inbox), daemon=True).start()
    pending = {}  # ref -> (position, trial, retries)

    def submit(position, trial, retries):
        ref = run_trial.remote(search, [session], binary, version, json.dumps(trial))
        pending[ref] = (position, trial, retries)

    try:
        while True:
            try:
                message = inbox.get(timeout=0 if pending else None) if pending else inbox.get()
            except queue.Empty:
                message = {}
            while True:
                if message is None or message.get("cancel"):
                    return 0
                if "trial" in message:
                    trial = message["trial"]
                    submit(trial["position"], trial, 0)
                try:
                    message = inbox.get_nowait()
                except queue.Empty:
                    break
            if not pending:
                continue
            # Wakes at the first result (or after 20 ms, to read new trials), then takes all ready.
            done, _ = ray.wait(list(pending), num_returns=1, timeout=0.02)
            if done:
                done, _ = ray.wait(list(pending), num_returns=len(pending), timeout=0)
            for ref in done:
                position, trial, retries = pending.pop(ref)
                answer = {"position": position}
                if retries:
                    answer["retries"] = retries
                try:
                    answer.update(ray.get(ref))
                except ray.exceptions.RayTaskError as e:
                    answer["failure"] = str(e.cause) if e.cause is not None else str(e)
                except ray.exceptions.RayError as e:  # the worker or its node died
                    if retries < RETRIES:
                        submit(position, trial, retries + 1)
                        continue
                    answer["failure"] = f"its Ray worker died {retries + 1} times: {type(e).__name__}"
                send(answer)
    finally:
        for ref in pending:
            ray.cancel(ref, force=True)
        pending.clear()
