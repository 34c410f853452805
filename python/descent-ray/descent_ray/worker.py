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

# The package in a task's `runtime_env` that holds the driver's `descent`, when it is shipped.
PACKAGE = "descent_binary"
# What a task says when its node has no `descent` to run: the bridge then ships the driver's.
MISSING = "has no descent"


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


def version(binary):
    """What `binary --version` prints, None when it cannot run."""
    try:
        return subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        return None


def _descent(binary, wanted):
    """The `descent` this task runs: the driver's copy when the task was shipped one (its
    `runtime_env` `py_modules`, unpacked on this node); otherwise the driver's path on this node,
    else the one on PATH, when its `--version` is the driver's."""
    import importlib
    import shutil

    try:
        return os.path.join(os.path.dirname(importlib.import_module(PACKAGE).__file__), "descent")
    except ImportError:
        pass
    for candidate in (binary, shutil.which("descent")):
        if candidate and os.access(candidate, os.X_OK) and version(candidate) == wanted:
            return candidate
    raise RuntimeError(f"node {_node()} {MISSING} {wanted} at {binary} or on its PATH")


def _start(search, session_ref, binary, wanted):
    import ray

    for old in list(_servers()):  # the searches before this one are over
        _servers().pop(old).kill()
    process = subprocess.Popen(
        [_descent(binary, wanted), "trial-worker"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        preexec_fn=lambda: die_with_parent(signal.SIGKILL))
    process.stdin.write(ray.get(session_ref) + "\n")
    answer = json.loads(process.stdout.readline() or '{"error": "descent trial-worker exited"}')
    if "error" in answer:
        process.kill()
        raise RuntimeError(answer["error"])
    _servers()[search] = process
    return process


def run_trial(search, session, binary, wanted, trial):
    """One trial's record (or why it failed), a pbt member's trained state, and the node that ran it."""
    for attempt in range(2):
        process = _servers().get(search)
        if process is None or process.poll() is not None:
            process = _start(search, session[0], binary, wanted)
        try:
            process.stdin.write(trial + "\n")
            line = process.stdout.readline()
        except BrokenPipeError:
            line = ""
        if line:  # {"record", "state"?}: a pbt member's trained state comes back with its record
            return {**json.loads(line), "node": _node()}
        status = process.wait()
        _servers().pop(search, None)
        if status != 0 or attempt:
            break
        # Status 0: it ended for being idle just as this trial came; once more in a new one.
    how = f"was killed by signal {-status}" if status < 0 else f"exited with status {status}"
    return {"failure": f"the trial's descent process on node {_node()} {how} before it reported", "node": _node()}


def run_notebook(binary, wanted, name, text, directory, arguments):
    """`descent run` of one notebook on this node, in a directory of its own: the executed
    notebook's text, the exit status and what the run printed, with the notebook named `name`."""
    import tempfile

    descent = _descent(binary, wanted)
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
