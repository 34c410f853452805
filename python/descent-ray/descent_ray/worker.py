"""What runs in a Ray task on a node: a trial, in the node's `descent trial-worker` for the search.

Kept free of package imports: the bridge pickles this module by value, so that nodes need Ray
and `descent`, not this package.
"""
import ctypes
import json
import os
import signal
import subprocess
import sys

# The package in the job's `runtime_env` that holds the driver's `descent`.
PACKAGE = "descent_binary"


def die_with_parent(sig):
    """Asks Linux to send `sig` to this process when its parent ends (prctl PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(sig))
    except (OSError, AttributeError):
        pass


def _servers():
    # One `descent trial-worker` per search in this Ray worker process, kept across its tasks.
    # Held by `sys`, which every task of this process shares: a module pickled by value gets
    # a fresh globals dict each time it is loaded.
    return sys.__dict__.setdefault("_descent_ray_servers", {})


def _node():
    """`ip/node-id`, worked out once per Ray worker process (it cannot change)."""
    label = sys.__dict__.get("_descent_ray_node")
    if label is None:
        import ray

        label = f"{ray.util.get_node_ip_address()}/{ray.get_runtime_context().get_node_id()[:8]}"
        sys._descent_ray_node = label
    return label


def _descent():
    """The `descent` the driver shipped with the job (`runtime_env` `py_modules`, unpacked on
    this node): the same binary as the driver's, whatever this node has installed."""
    import importlib

    return os.path.join(os.path.dirname(importlib.import_module(PACKAGE).__file__), "descent")


def _start(search, session_ref):
    import ray

    for old in list(_servers()):  # the searches before this one are over
        _servers().pop(old).kill()
    process = subprocess.Popen(
        [_descent(), "trial-worker"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        preexec_fn=lambda: die_with_parent(signal.SIGKILL))
    process.stdin.write(ray.get(session_ref) + "\n")
    answer = json.loads(process.stdout.readline() or '{"error": "descent trial-worker exited"}')
    if "error" in answer:
        process.kill()
        raise RuntimeError(answer["error"])
    _servers()[search] = process
    return process


def run_trial(search, session, trial):
    """One trial's record (or why it failed) and the node that ran it."""
    process = _servers().get(search)
    if process is None or process.poll() is not None:
        process = _start(search, session[0])
    process.stdin.write(trial + "\n")
    line = process.stdout.readline()
    if not line:
        status = process.wait()
        _servers().pop(search, None)
        how = f"was killed by signal {-status}" if status < 0 else f"exited with status {status}"
        return {"failure": f"the trial's descent process on node {_node()} {how} before it reported", "node": _node()}
    return {"record": json.loads(line), "node": _node()}


def run_notebook(name, text, directory, arguments):
    """`descent run` of one notebook on this node, in a directory of its own: the executed
    notebook's text, the exit status and what the run printed, with the notebook named `name`."""
    import tempfile

    descent = _descent()
    with tempfile.TemporaryDirectory(prefix="descent-ray-") as tmp:
        source = os.path.join(tmp, os.path.basename(name))
        executed = os.path.join(tmp, "out", os.path.basename(name))
        os.makedirs(os.path.dirname(executed))
        with open(source, "w") as f:
            f.write(text)
        cwd = directory if os.path.isdir(directory) else tmp
        run = subprocess.run([descent, "run", source, "--output", executed, *arguments], cwd=cwd,
                             capture_output=True, text=True, preexec_fn=lambda: die_with_parent(signal.SIGKILL))
        out = open(executed).read() if os.path.exists(executed) else None
        # What the run printed names the notebook as the user did, and the output as given.
        clean = lambda s: s.replace(f" -> {executed}", "").replace(source, name)
        return {"executed": out, "status": run.returncode, "stdout": clean(run.stdout),
                "stderr": clean(run.stderr), "node": _node()}
