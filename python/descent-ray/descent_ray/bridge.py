"""The Ray driver side of the bridge: one per session, started by `descent` at its first search
on a cluster and kept for the session's later searches (or one per `descent run --cluster`).

Searches: protocol (JSON lines). From `descent`: first {"address", "binary"}; then for each search
{"search": n, "session": {...}}, {"trial": {"position", ...}} per trial, and {"cancel": true} on
interrupt (cancels the search's outstanding tasks; the bridge stays); end of input cancels and
exits. To `descent`: {"ready": {"nodes", "cpus", "address"}} or {"error": message}; per search
{"started": {"search", "nodes", "cpus"}}, then per trial {"search", "position", "record" |
"failure", "state"? (a pbt member's trained state), "node", "retries"?} as the trials finish.
Notebook batches (`descent run --cluster`): {"address", "binary", "notebooks": [{"path", "text"}],
"directory", "arguments"}, answered by {"ready"} and one line per notebook as it finishes.
"""
import hashlib
import json
import os
import queue
import shutil
import signal
import sys
import tempfile
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


def _shipped():
    """The `runtime_env` that ships the driver's `descent` with a job: a directory holding a copy
    of the running `descent` that started this bridge (its /proc image: the very binary, even if
    its file was replaced or deleted since) as the Python package `worker.PACKAGE`, in
    `py_modules`. Ray uploads it once per cluster (its URI is a hash of the contents) and each
    node unpacks it once. The directory is kept in the temporary directory, named after the
    binary's file identity, so that it is copied once."""
    source = f"/proc/{os.getppid()}/exe"
    st = os.stat(source)
    key = hashlib.sha256(f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:16]
    root = os.path.join(tempfile.gettempdir(), f"descent-ray-{os.getuid()}", key)
    package = os.path.join(root, worker.PACKAGE)
    if not os.path.exists(os.path.join(package, "descent")):
        os.makedirs(os.path.dirname(root), exist_ok=True)
        staging = tempfile.mkdtemp(dir=os.path.dirname(root))
        os.makedirs(os.path.join(staging, worker.PACKAGE))
        open(os.path.join(staging, worker.PACKAGE, "__init__.py"), "w").close()
        shutil.copyfile(source, os.path.join(staging, worker.PACKAGE, "descent"))
        os.chmod(os.path.join(staging, worker.PACKAGE, "descent"), 0o755)
        try:
            os.rename(staging, root)
        except OSError:  # another driver made it first
            shutil.rmtree(staging, ignore_errors=True)
    return {"py_modules": [package]}


def _cluster(ray):
    nodes = [n for n in ray.nodes() if n.get("Alive")]
    return len(nodes), max(int(ray.cluster_resources().get("CPU", 1)), 1)


def _connect(ray, address, runtime_env=None):
    ray.init(address=address, log_to_driver=False, logging_level="ERROR", configure_logging=False,
             runtime_env=runtime_env)
    # The worker code travels with the task: nodes need Ray, not this package.
    ray.cloudpickle.register_pickle_by_value(worker)


def _run_notebooks(ray, hello, version, send):
    """`descent run --cluster`: one task per notebook (the job ships the driver's `descent`:
    see `main`); each result is sent as it finishes as {"notebook": index, "executed", "status",
    "stdout", "stderr", "node"}."""
    binary = hello["binary"]
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


class Searches:
    """The session's searches, one after another: the current one's session object in Ray's
    store, its key for the workers' `descent trial-worker`s, and its outstanding tasks.

    Nodes run their own `descent` when it is the driver's (same path or on PATH, same
    `--version`): nothing to ship, and Ray's worker processes start as fast as they can. The
    first task on a node that has none makes the session ship the driver's binary from then on:
    Ray takes a directory to upload only for a whole job (`ray.init(runtime_env=)`), so the
    driver connects again as a job that ships it (a second or two, once per session), and the
    search's outstanding trials are submitted again, not counted as retries."""

    def __init__(self, ray, address, binary, version, send):
        self.ray = ray
        self.address = address
        self.binary = binary
        self.version = version
        self.send = send
        self.shipping = False
        self.task = self._task()
        self.number = None
        self.text = None
        self.session = None
        self.key = None
        self.pending = {}  # ref -> (position, trial, retries)

    def start(self, message):
        self.cancel()
        self.number = message["search"]
        self.text = json.dumps(message["session"])
        self.session = self.ray.put(self.text)
        self.key = uuid.uuid4().hex
        nodes, cpus = _cluster(self.ray)
        self.send({"started": {"search": self.number, "nodes": nodes, "cpus": cpus}})

    def _task(self):
        # SPREAD: trials go to every node, not first to fill the one the driver is on.
        return self.ray.remote(worker.run_trial).options(num_cpus=1, max_retries=0, scheduling_strategy="SPREAD")

    def _ship(self, waiting):
        """Connects again as a job that ships the binary and submits `waiting` again; False (and
        nothing changed) when the binary cannot be copied."""
        try:
            runtime_env = _shipped()
        except OSError:
            return False
        self.cancel()
        self.ray.shutdown()
        _connect(self.ray, self.address, runtime_env)
        self.shipping = True
        self.task = self._task()
        self.session = self.ray.put(self.text)
        for position, trial, retries in waiting:
            self.submit(position, trial, retries)
        return True

    def submit(self, position, trial, retries):
        ref = self.task.remote(self.key, [self.session], self.binary, self.version, json.dumps(trial))
        self.pending[ref] = (position, trial, retries)

    def cancel(self):
        for ref in self.pending:
            self.ray.cancel(ref, force=True)
        self.pending.clear()

    def collect(self):
        """Waits up to 20 ms for the first result (to read new messages meanwhile), then sends
        every finished one."""
        ray = self.ray
        done, _ = ray.wait(list(self.pending), num_returns=1, timeout=0.02)
        if done:
            done, _ = ray.wait(list(self.pending), num_returns=len(self.pending), timeout=0)
        missing = []  # trials whose node had no descent
        for ref in done:
            position, trial, retries = self.pending.pop(ref)
            answer = {"search": self.number, "position": position}
            if retries:
                answer["retries"] = retries
            try:
                answer.update(ray.get(ref))
            except ray.exceptions.RayTaskError as e:
                answer["failure"] = str(e.cause) if e.cause is not None else str(e)
                if worker.MISSING in answer["failure"] and not self.shipping:
                    missing.append((position, trial, retries, answer))
                    continue
            except ray.exceptions.RayError as e:  # the worker or its node died
                if retries < RETRIES:
                    self.submit(position, trial, retries + 1)
                    continue
                answer["failure"] = f"its Ray worker died {retries + 1} times: {type(e).__name__}"
            self.send(answer)
        if missing and not self._ship([m[:3] for m in missing] + list(self.pending.values())):
            for *_, answer in missing:
                self.send({**answer, "failure": answer["failure"] + "; and this descent could not be copied to ship it"})


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
        # A notebook batch is one job: it ships the driver's `descent` from the start (a second or
        # two, once); a session's searches ship it only to a cluster whose nodes lack it (Searches).
        _connect(ray, address, _shipped() if "notebooks" in hello else None)
    except OSError as e:
        send({"error": f"cannot copy this descent to ship it to the Ray cluster: {e}"})
        return 1
    except Exception as e:  # Ray raises ConnectionError, ValueError and its own kinds here
        send({"error": f"cannot connect to the Ray cluster at {address}: {e}"})
        return 1
    nodes, cpus = _cluster(ray)
    # The address as the user gave it, unless it only said where to look.
    shown = ray.get_runtime_context().gcs_address if address in ("auto", "") else address
    send({"ready": {"nodes": nodes, "cpus": cpus, "address": shown}})
    version = worker.version(f"/proc/{os.getppid()}/exe")  # the running descent's, even if its file changed
    if "notebooks" in hello:
        return _run_notebooks(ray, hello, version, send)

    inbox = queue.Queue()
    threading.Thread(target=_read_lines, args=(sys.stdin, inbox), daemon=True).start()
    searches = Searches(ray, address, hello["binary"], version, send)
    try:
        while True:
            # Blocks while nothing runs; otherwise takes what has come and goes on collecting.
            message = inbox.get() if not searches.pending else _next(inbox)
            while message is not False:
                if message is None:
                    return 0
                if "search" in message and "session" in message:
                    searches.start(message)
                elif "trial" in message:
                    searches.submit(message["trial"]["position"], message["trial"], 0)
                elif message.get("cancel"):
                    searches.cancel()
                message = _next(inbox)
            if searches.pending:
                searches.collect()
    finally:
        searches.cancel()


def _next(inbox):
    """The next message if one is there, else False."""
    try:
        return inbox.get_nowait()
    except queue.Empty:
        return False
