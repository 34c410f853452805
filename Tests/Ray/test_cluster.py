"""Searches on a real two-node Ray cluster on 127.0.0.1 (Tests/Ray/run.sh starts and stops it),
compared with the same searches run by local workers, which are the reference: under a seed
the table (ranks, trials, settings, scores, statuses) must be the same wherever trials ran."""
import filecmp
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import textwrap
import threading
import time

import psutil
import pytest

DESCENT = os.environ["DESCENT_BIN"]
ADDRESS = os.environ["RAY_ADDRESS_UNDER_TEST"]

# A session whose trials depend on state made before the search (x, drawn from the seeded
# stream; helper, a function) and on their own seeded draws: what a worker must rebuild.
SESSION = """
seed(3)
x = randn(5)
def helper(v):
    return v * 2
def trial(lr, k):
    w = randn(3)
    print("trial", lr, k)
    return float((w * lr).sum()) + helper(k) + float(x.sum())
"""

SEARCHES = {
    "grid": 'grid_search(trial, {"lr": [0.1, 0.2, 0.3], "k": [1, 2]}, seed=1{cluster})',
    "random": 'random_search(trial, {"lr": loguniform(1e-3, 1.0), "k": choice([1, 2, 3])}, trials=8, seed=2{cluster})',
    "evolve": 'evolve(trial, {"lr": loguniform(1e-3, 1.0), "k": uniform(0.5, 2.0)}, population=4, generations=3, seed=4{cluster})',
}


def script(code):
    """A script file holding `code`."""
    f = tempfile.NamedTemporaryFile("w", suffix=".dsc", delete=False)
    f.write(textwrap.dedent(code))
    f.close()
    return f.name


def run(code, env=None, timeout=300):
    path = script(code)
    result = subprocess.run([DESCENT, path], capture_output=True, text=True, timeout=timeout,
                            env={**os.environ, **(env or {})})
    os.remove(path)
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def table(text):
    """The summary without its time and place, and the table's rows without time and node."""
    lines = [l for l in text.splitlines() if not l.startswith("trial ")]
    start = next(i for i, l in enumerate(lines) if re.match(r"^(grid_search|random_search|evolve|pbt):", l))
    summary, place = re.match(r"^(.*); [\d.]+ s on (.*)$", lines[start]).groups()
    header = re.split(r"\s{2,}", lines[start + 1].strip())
    keep = [i for i, h in enumerate(header) if h not in ("time (s)", "node")]
    rows = []
    for line in lines[start + 2:]:
        cells = re.split(r"\s{2,}", line.strip(), maxsplit=len(header) - 1)
        if len(cells) != len(header):
            break
        rows.append([cells[i] for i in keep])
    nodes = [re.split(r"\s{2,}", l.strip())[header.index("node")] for l in lines[start + 2:start + 2 + len(rows)]] \
        if "node" in header else []
    return summary, place, rows, nodes


@pytest.mark.parametrize("kind", sorted(SEARCHES))
def test_search_on_the_cluster_gives_the_local_table(kind):
    local = run(SESSION + "print(" + SEARCHES[kind].replace("{cluster}", "") + ")\n")
    remote = run(SESSION + "print(" + SEARCHES[kind].replace("{cluster}", f', cluster="{ADDRESS}"') + ")\n")
    l_summary, l_place, l_rows, _ = table(local)
    r_summary, r_place, r_rows, nodes = table(remote)
    assert r_rows == l_rows
    assert r_summary == l_summary
    assert l_place.endswith("workers")
    assert r_place == f"2 Ray nodes (ray {ADDRESS})"
    assert len(nodes) == len(r_rows) and all(re.match(r"^[\d.]+/[0-9a-f]{8}$", n) for n in nodes)
    # What the trials printed comes back, in trial order, as locally.
    assert [l for l in remote.splitlines() if l.startswith("trial ")] == \
        [l for l in local.splitlines() if l.startswith("trial ")]


# Population-based training: members (a Linear layer) trained for a round by step, which prints;
# what the nodes send back must be the trained weights, or the next round's scores would differ.
PBT = """
data_x = randn(16, 3)
data_y = randn(16, 1)
def member():
    return Linear(3, 1)
def step(net, lr):
    opt = SGD(net.parameters(), lr=lr)
    for i in range(4):
        opt.zero_grad()
        loss = ((net(data_x) - data_y) ** 2).mean()
        loss.backward()
        opt.step()
    print("round", lr)
    return float(loss)
"""


def test_pbt_on_the_cluster_trains_the_local_members():
    code = SESSION + PBT + textwrap.dedent("""
    r = pbt(step, {"lr": loguniform(1e-3, 0.5)}, member, population=4, rounds=3, seed=5{cluster})
    print(r)
    print("weights", [float(w) for w in r.model.weight.flatten()])
    """)
    local = run(code.replace("{cluster}", ""))
    remote = run(code.replace("{cluster}", f', cluster="{ADDRESS}"'))
    l_summary, _, l_rows, _ = table(local)
    r_summary, r_place, r_rows, nodes = table(remote)
    assert len(r_rows) == 12 and r_rows == l_rows
    assert r_summary == l_summary
    assert r_place == f"2 Ray nodes (ray {ADDRESS})" and len(nodes) == 12
    weights = [l for l in remote.splitlines() if l.startswith("weights ")]
    assert len(weights) == 1 and weights == [l for l in local.splitlines() if l.startswith("weights ")]
    assert [l for l in remote.splitlines() if l.startswith("round ")] == \
        [l for l in local.splitlines() if l.startswith("round ")]


def test_a_pbt_before_the_search_on_the_cluster_is_not_run_again_but_its_members_are_the_drivers():
    # The workers replaying the session take the pbt's records and trained members from the
    # session sent. Its step trains with a rate jittered by the clock, so a pbt run again on a
    # node would leave other weights there, and the trials, which read `best`, other scores.
    code = SESSION + PBT + textwrap.dedent(f"""
    def jittered(net, lr):
        return step(net, lr * (1 + (perf_counter() % 1) * 0.01))
    best = pbt(jittered, {{"lr": loguniform(1e-3, 0.5)}}, member, population=4, rounds=2, seed=7).model
    def trial(scale):
        return float(((best(data_x) * scale - data_y) ** 2).mean())
    r = grid_search(trial, {{"scale": [0.5, 1.0, 2.0]}}, seed=1, cluster="{ADDRESS}")
    print("here", [trial(s) for s in [0.5, 1.0, 2.0]])
    print("there", [t["score"] for t in r.trials])
    """)
    out = run(code).splitlines()
    here = next(l for l in out if l.startswith("here ")).split(" ", 1)[1]
    there = next(l for l in out if l.startswith("there ")).split(" ", 1)[1]
    assert there == here


def test_the_environment_sets_the_cluster_and_cross_validate_runs_there():
    code = SESSION + textwrap.dedent("""
    cv = cross_validate(lambda train, val: float(train.x.sum()) - float(val.x.sum()), iris(), k=4, seed=5)
    print(cv)
    """)
    local = run(code)
    remote = run(code, env={"DESCENT_CLUSTER": ADDRESS})
    assert remote == local
    searched = run(SESSION + "r = " + SEARCHES["grid"].replace("{cluster}", "") + "\nprint(r.trials[0]['node'] is None)\n",
                   env={"DESCENT_CLUSTER": ADDRESS})
    assert searched.strip().endswith("False")


def test_searches_before_the_one_on_the_cluster_are_not_run_again_on_it():
    # The first search runs locally; the workers replaying the session take its records instead
    # of running it, so its trials print nothing there, and its best setting feeds the second.
    code = SESSION + textwrap.dedent("""
    first = grid_search(trial, {"lr": [0.1, 0.5], "k": [1]}, seed=1)
    lr = first.best["lr"]
    def second(k):
        return trial(lr, k)
    print(grid_search(second, {"k": [1, 2, 3]}, seed=6{cluster}))
    """)
    l_rows = table(run(code.replace("{cluster}", "")))[2]
    r_rows = table(run(code.replace("{cluster}", f', cluster="{ADDRESS}"')))[2]
    assert r_rows == l_rows


def test_a_cell_that_cannot_be_replayed_fails_the_trials_clearly(tmp_path):
    # The driver reads data.csv, then the file goes (the test deletes it while the script waits
    # in input()): the workers' replay of the session cannot read it and the trials say why.
    (tmp_path / "data.csv").write_text("1,2\n3,4\n")
    (tmp_path / "s.dsc").write_text(textwrap.dedent(f"""
        d = load_csv("data.csv")
        answer = input("go? ")
        def trial(k):
            return k
        print(grid_search(trial, {{"k": [1, 2]}}, seed=1, cluster="{ADDRESS}"))
        """))
    proc = subprocess.Popen([DESCENT, "s.dsc"], cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdout.read(4)  # "go? ": the file was read
    os.remove(tmp_path / "data.csv")
    out, err = proc.communicate("yes\n", timeout=120)
    assert "2 trials, 0 ok" in out, out + err
    assert out.count("failed: RuntimeError: replaying the session on this node, cell 1 failed: FileNotFoundError: "
                     "load_csv: cannot read 'data.csv': no such file (a cluster worker replays the cells the session "
                     "ran: what they read must be on every node)") == 2, out


def test_no_ray_is_a_clear_error():
    path = script(SESSION + SEARCHES["grid"].replace("{cluster}", f', cluster="{ADDRESS}"'))
    out = subprocess.run([DESCENT, path], capture_output=True, text=True,
                         env={**os.environ, "DESCENT_RAY_PYTHON": "/usr/bin/python3"})
    assert out.returncode != 0
    assert "pip install 'ray[default]' ./python/descent-ray" in out.stderr + out.stdout


def test_bad_cluster_argument_is_a_clear_error():
    out = subprocess.run([DESCENT, script(SESSION + 'grid_search(trial, {"lr": [0.1], "k": [1]}, cluster=5)')],
                         capture_output=True, text=True)
    assert "grid_search() argument 'cluster' must be a Ray address" in out.stderr + out.stdout


def test_shard_picks_every_nth_notebook(tmp_path):
    for name in ["c", "a", "b"]:
        (tmp_path / f"{name}.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    paths = [str(tmp_path / f"{n}.ipynb") for n in ["c", "a", "b"]]
    out = subprocess.run([DESCENT, "run", "--shard", "2/2", *paths], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert [l.split(":")[0] for l in out.stdout.splitlines()[:-1]] == [str(tmp_path / "b.ipynb")]
    bad = subprocess.run([DESCENT, "run", "--shard", "3/2", *paths], capture_output=True, text=True)
    assert bad.returncode != 0 and "--shard '3/2': the shard must be between 1 and 2" in bad.stderr


def test_notebooks_on_the_cluster_equal_the_local_run(tmp_path):
    # Notebook 01 passes --check on the nodes; its executed copy, written here, passes the
    # local --check too; a copy whose stored output was changed fails on the cluster.
    nb = os.path.join(os.path.dirname(__file__), "..", "..", "notebooks", "01-backpropagation.ipynb")
    out = subprocess.run([DESCENT, "run", "--cluster", ADDRESS, "--check", nb, "--output", str(tmp_path) + "/"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr + out.stdout
    assert re.search(r"01-backpropagation.ipynb: \d+ cells ran in [\d.]+ s, 1 allowed errors on [\d.]+/[0-9a-f]{8} -> ",
                     out.stdout), out.stdout
    local = subprocess.run([DESCENT, "run", "--check", str(tmp_path / "01-backpropagation.ipynb")],
                           capture_output=True, text=True, timeout=300)
    assert local.returncode == 0, local.stderr
    notebook = json.load(open(nb))
    for cell in notebook["cells"]:
        streams = [o for o in cell.get("outputs", []) if o.get("output_type") == "stream"]
        if streams:
            streams[0]["text"] = ["12345.5\n"]
            break
    changed = tmp_path / "changed.ipynb"
    changed.write_text(json.dumps(notebook))
    bad = subprocess.run([DESCENT, "run", "--cluster", ADDRESS, "--check", str(changed)], capture_output=True, text=True,
                         timeout=300)
    assert bad.returncode != 0
    assert "output differs" in bad.stderr and "12345.5" in bad.stderr, bad.stderr


# A trial of about half a second (10^6 loop steps, debug build): long enough that a search on the
# cluster is still running when a test stops its driver or kills a node. At 10^5 steps a fast
# machine's head node ran most trials before the second node had started its Ray worker.
SLOW = """
def slow(lr, k):
    s = 0.0
    for i in range(1000000):
        s = s + lr
    return s + k
"""


def trial_workers():
    return [p for p in psutil.process_iter(["cmdline"]) if (p.info["cmdline"] or [])[-1:] == ["trial-worker"]]


def trial_worker_binaries(wanted=lambda exe: True, timeout=60):
    """The binaries of the running trial-workers that `wanted` accepts, as soon as there is one
    (empty after `timeout` s). What was seen is returned: a trial seen a moment ago may be over
    when asked again, and one may end between being listed and being asked for its binary."""
    deadline = time.monotonic() + timeout
    while True:
        exes = []
        for p in trial_workers():
            try:
                exes.append(p.exe())
            except psutil.Error:
                pass
        found = [exe for exe in exes if wanted(exe)]
        if found or time.monotonic() >= deadline:
            return found
        time.sleep(0.05)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_stopping_the_driver_leaves_no_trial_running(how):
    # SIGINT interrupts the search (the bridge cancels its tasks), SIGKILL kills the driver (the
    # bridge reads end of file, or dies with it, and Ray ends the tasks of the driver that left):
    # either way no descent trial-worker runs on the cluster a few seconds later.
    code = SLOW + f'r = grid_search(slow, {{"lr": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], "k": [1, 2, 3]}}, seed=1, cluster="{ADDRESS}")\n'
    proc = subprocess.Popen([DESCENT, script(code)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    found = trial_worker_binaries()
    assert found, "no trial started"
    # These nodes have the driver's descent at its path: they run it, nothing is shipped.
    assert set(found) == {os.path.realpath(DESCENT)}
    time.sleep(0.5)
    proc.send_signal(how)
    t0 = time.monotonic()
    out, err = proc.communicate(timeout=60)
    if how == signal.SIGINT:
        assert "KeyboardInterrupt" in err, err
    deadline = time.monotonic() + 30
    while trial_workers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not trial_workers()


def worker_node_raylet():
    port = os.environ["RAY_WORKER_NODE_PORT"]
    for p in psutil.process_iter(["name", "cmdline"]):
        if "raylet" in (p.info["name"] or "") and any(f"--node_manager_port={port}" in a for a in p.info["cmdline"] or []):
            return p
    raise AssertionError("the second node's raylet is not running")


def test_killing_a_node_mid_search_retries_its_trials():
    # Runs after the other cluster tests but the kernel's, which needs only one node (the cluster
    # has one afterwards). The second node is killed while it runs a trial (SLOW) in its descent
    # trial-worker.
    raylet = worker_node_raylet()
    code = SESSION + SLOW + f'print(grid_search(slow, {{"lr": [0.1, 0.2, 0.3, 0.4], "k": [1, 2]}}, seed=1, cluster="{ADDRESS}"))\n'
    local = run(code.replace(f', cluster="{ADDRESS}"', ""))
    proc = subprocess.Popen([DESCENT, script(code)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        busy = [c for c in raylet.children(recursive=True) if "trial-worker" in " ".join(c.cmdline())]
        if busy:
            break
        time.sleep(0.05)
    assert busy, "no trial ran on the second node"
    time.sleep(0.2)
    # The node dies: its raylet and every process it started (Ray workers, their descent).
    for p in [raylet] + raylet.children(recursive=True):
        p.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err + out
    summary, _, rows, _ = table(out)
    retried = [r for r in rows if "retried" in r[-1]]
    assert retried, out
    assert all(r[-1] == "ok (retried once after its Ray worker died)" for r in retried)
    assert [r[:-1] for r in rows] == [r[:-1] for r in table(local)[2]]


def bridges(pid):
    """The Ray drivers (`python -m descent_ray`) that the process `pid` started."""
    return [c for c in psutil.Process(pid).children() if "descent_ray" in " ".join(c.cmdline())]


def test_a_kernel_keeps_one_driver_and_shows_trials_as_they_finish(tmp_path):
    # One Ray driver for the kernel's session: its second search on the cluster uses the bridge
    # the first one started; while a search runs, its progress display is updated in place
    # (update_display_data for the display_data it opened) before the result; and a killed
    # kernel leaves no driver and no trial running. The kernel runs a copy of descent, which the
    # nodes find at its path for the first search; it is deleted then: for the next searches the
    # nodes have no descent (none on their PATH either) and the session ships its own to them.
    from jupyter_client.manager import KernelManager

    # The trial-workers of earlier tests' searches end with their Ray jobs, a moment after their
    # drivers: wait for that, or they would be taken for this session's below.
    deadline = time.monotonic() + 30
    while trial_workers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not trial_workers(), "trial-workers of an earlier test are still running"
    copy = tmp_path / "bin" / "descent"
    copy.parent.mkdir()
    shutil.copy2(DESCENT, copy)
    spec = tmp_path / "kernels" / "descent-ray-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps(
        {"argv": [str(copy), "kernel", "--connection-file", "{connection_file}"], "display_name": "Descent",
         "language": "descent"}))
    os.environ["JUPYTER_PATH"] = str(tmp_path)
    km = KernelManager(kernel_name="descent-ray-test")
    km.start_kernel(env={**os.environ})
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        pid = km.provisioner.process.pid

        def execute(code):
            msg_id = kc.execute(code)
            messages = []
            while True:
                m = kc.get_iopub_msg(timeout=120)
                if m["parent_header"].get("msg_id") != msg_id:
                    continue
                messages.append(m)
                if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                    return messages

        execute(SLOW)
        first = execute(f'a = grid_search(slow, {{"lr": [0.1, 0.2], "k": [1, 2]}}, seed=1, cluster="{ADDRESS}")')
        assert not [m for m in first if m["msg_type"] == "error"], first
        driver = bridges(pid)
        assert len(driver) == 1
        assert set(trial_worker_binaries(timeout=0)) == {str(copy)}
        copy.unlink()
        # 12 trials of SLOW (about half a second each) on 2 nodes: the display opens after 0.5 s.
        second = execute(f'b = grid_search(slow, {{"lr": [0.1, 0.2, 0.3, 0.4], "k": [1, 2, 3]}}, seed=1, '
                         f'cluster="{ADDRESS}")\nb')
        assert bridges(pid) == driver
        kinds = [m["msg_type"] for m in second]
        result = next(m for m in second if m["msg_type"] == "execute_result")["content"]["data"]["text/plain"]
        assert "12 trials, 12 ok" in result, result
        assert "display_data" in kinds and "update_display_data" in kinds, kinds
        shown = next(m for m in second if m["msg_type"] == "display_data")
        display_id = shown["content"]["transient"]["display_id"]
        updates = [m for m in second if m["msg_type"] == "update_display_data"]
        assert all(m["content"]["transient"]["display_id"] == display_id for m in updates)
        # Updated while the trials ran: an update before the result, with fewer trials than all.
        assert kinds.index("update_display_data") < kinds.index("execute_result")
        done = [int(re.match(r"grid_search: (\d+)/12 trials", m["content"]["data"]["text/plain"]).group(1))
                for m in [shown] + updates]
        assert done[0] < 12 and done[-1] == 12 and done == sorted(done), done
        assert "<img" in updates[-1]["content"]["data"]["text/html"]
        # The same best as the table, as the summary line shows it.
        best = execute('print(b.best_score, b.best["lr"], b.best["k"])')
        score, lr, k = next(m for m in best if m["msg_type"] == "stream")["content"]["text"].split()
        assert f"lr={lr}, k={k}" in updates[-1]["content"]["data"]["text/plain"]

        kc.execute(f'c = grid_search(slow, {{"lr": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], "k": [1, 2, 3]}}, seed=1, cluster="{ADDRESS}")')
        # Shipped: unpacked by Ray on the node (runtime_env py_modules), the same bytes. (The first
        # search's trial-workers, from the deleted copy, may still be waiting in their Ray
        # workers, which take no more tasks: those are the ones without a runtime_env. Waiting
        # for any trial-worker would find those before a shipped one starts.)
        found = trial_worker_binaries(lambda exe: "runtime_resources" in exe)
        assert found, "no trial started from a shipped binary"
        assert all(filecmp.cmp(exe, DESCENT, shallow=False) for exe in found), found
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while (trial_workers() or any(d.is_running() for d in driver)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not trial_workers()
        assert not any(d.is_running() and d.status() != psutil.STATUS_ZOMBIE for d in driver)
    finally:
        kc.stop_channels()
        if km.has_kernel:
            km.shutdown_kernel(now=True)
