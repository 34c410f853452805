"""The kernel driven by jupyter_client: interrupts, input, signatures, restarts, faults."""
from __future__ import annotations

import base64
import contextlib
import os
import signal
import subprocess
import sys
import time
from queue import Empty

import pytest
import zmq
from jupyter_client.manager import start_new_kernel

TIMEOUT = 30


@pytest.fixture
def kernel(kernel_name):
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=TIMEOUT)
    yield km, kc
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=True)


def reply_to(kc, msg_id, channel="shell", timeout=TIMEOUT):
    """The reply whose parent is msg_id, skipping others."""
    get = kc.get_shell_msg if channel == "shell" else kc.get_control_msg
    deadline = time.monotonic() + timeout
    while True:
        msg = get(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def iopub_until_idle(kc, msg_id, timeout=TIMEOUT):
    """(arrival time, message) of the IOPub messages of one request, its idle status last."""
    found = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        found.append((time.monotonic(), msg))
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return found


def outputs_until_idle(kc, msg_id, timeout=TIMEOUT):
    """IOPub messages of one request, up to its idle status."""
    return [msg for _, msg in iopub_until_idle(kc, msg_id, timeout)[:-1]]


def run(kc, code, **kw):
    msg_id = kc.execute(code, **kw)
    reply = reply_to(kc, msg_id)
    return reply, outputs_until_idle(kc, msg_id)


def result_text(outputs):
    return [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]


def pid_of(km):
    return km.provisioner.process.pid


def wait_running(kc, msg_id):
    """Waits until the cell msg_id has started (its execute_input is out)."""
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            return


@pytest.mark.parametrize("how", ["message", "signal"])
def test_interrupt_stops_an_endless_loop_quickly_and_keeps_state(kernel, samples, how):
    km, kc = kernel
    reply, _ = run(kc, samples["assign"])
    assert reply["content"]["status"] == "ok"
    msg_id = kc.execute(samples["loop"])
    wait_running(kc, msg_id)
    time.sleep(0.2)
    start = time.monotonic()
    if how == "message":
        request = kc.session.msg("interrupt_request", {})
        kc.control_channel.send(request)
    else:
        os.kill(pid_of(km), signal.SIGINT)
    reply = reply_to(kc, msg_id)
    elapsed = time.monotonic() - start
    assert reply["content"]["status"] == "error"
    assert elapsed < 0.1, f"interrupt took {elapsed * 1000:.1f} ms"
    if how == "message":
        assert reply_to(kc, request["header"]["msg_id"], channel="control")["content"]["status"] == "ok"
    reply, outputs = run(kc, samples["read"])
    assert reply["content"]["status"] == "ok"
    assert result_text(outputs) == [samples["read_result"]]


def test_control_and_heartbeat_answer_while_a_cell_runs(kernel, samples):
    km, kc = kernel
    msg_id = kc.execute(samples["loop"])
    wait_running(kc, msg_id)
    info = kc.session.msg("kernel_info_request", {})
    kc.control_channel.send(info)
    reply = reply_to(kc, info["header"]["msg_id"], channel="control", timeout=2)
    assert reply["content"]["status"] == "ok"
    ctx = zmq.Context.instance()
    hb = ctx.socket(zmq.REQ)
    hb.linger = 0
    hb.connect(f"{km.transport}://{km.ip}:{km.hb_port}")
    hb.send(b"ping")
    assert hb.poll(2000) and hb.recv() == b"ping"
    hb.close()
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    assert reply_to(kc, msg_id)["content"]["status"] == "error"


def test_input_round_trip(kernel, samples):
    km, kc = kernel
    asked = []

    def answer(msg):
        if msg["msg_type"] == "input_request":
            asked.append(msg["content"]["prompt"])
            kc.input("Ada")

    reply = kc.execute_interactive(samples["input"], allow_stdin=True, stdin_hook=answer,
                                   output_hook=lambda m: outputs.append(m), timeout=TIMEOUT)
    assert reply["content"]["status"] == "ok"
    assert asked == ["name? "]
    text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
    assert samples["input_echo"] in text


outputs: list = []


def test_input_without_stdin_is_a_clear_error(kernel, samples):
    km, kc = kernel
    reply, _ = run(kc, samples["input"], allow_stdin=False)
    assert reply["content"]["status"] == "error"
    assert "stdin" in (reply["content"]["ename"] + reply["content"]["evalue"]).lower() or \
        "notallowed" in reply["content"]["evalue"].lower()


def test_tampered_signature_is_ignored_and_next_message_answered(kernel):
    km, kc = kernel
    socket = kc.shell_channel.socket
    bad = kc.session.msg("kernel_info_request", {})
    frames = kc.session.serialize(bad)
    frames[1] = b"0" * 64
    socket.send_multipart(frames)
    good = kc.session.msg("kernel_info_request", {})
    socket.send_multipart(kc.session.serialize(good))
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == good["header"]["msg_id"]
    with pytest.raises(Empty):
        kc.get_shell_msg(timeout=0.5)


def test_stop_on_error_aborts_queued_cells(kernel, samples):
    km, kc = kernel
    failing = kc.execute(samples["sleep_then_fail"])
    queued = [kc.execute(samples["assign"]), kc.execute(samples["read"])]
    assert reply_to(kc, failing)["content"]["status"] == "error"
    for msg_id in queued:
        assert reply_to(kc, msg_id)["content"]["status"] == "aborted"
    reply, outputs = run(kc, samples["quick"])
    assert reply["content"]["status"] == "ok"
    assert result_text(outputs) == [samples["quick_result"]]


def test_shutdown_and_restart(kernel, samples):
    km, kc = kernel
    run(kc, samples["assign"])
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=TIMEOUT)
    reply, outputs = run(kc, samples["read"])
    assert reply["content"]["status"] == "error"
    reply, outputs = run(kc, samples["quick"])
    assert result_text(outputs) == [samples["quick_result"]]
    process = km.provisioner.process
    km.shutdown_kernel(now=False)
    assert process.wait(timeout=TIMEOUT) == 0


def raw_shell(km):
    """A bare DEALER socket on the shell port, for frames no client library would send."""
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.linger = 0
    sock.connect(f"{km.transport}://{km.ip}:{km.shell_port}")
    return sock


def test_fault_cases_are_logged_and_the_kernel_keeps_serving(kernel, samples):
    km, kc = kernel
    sock = raw_shell(km)
    session = kc.session
    header = session.msg_header("execute_request")
    parts = [session.pack(header), b"{}", b"{}", b"{not json"]
    sock.send_multipart([b"<IDS|MSG>", session.sign(parts)] + parts)            # bad JSON, signed
    sock.send_multipart([b"garbage"])                                            # no delimiter
    sock.send_multipart([b"<IDS|MSG>", b"sig", b"{}"])                          # too few frames
    parts = [b"[1]", b"{}", b"{}", b"{}"]
    sock.send_multipart([b"<IDS|MSG>", session.sign(parts)] + parts)            # header not an object
    unknown = session.msg("frobnicate_request", {})
    sock.send_multipart(session.serialize(unknown))
    reply = session.recv(sock, mode=0)[1]
    assert reply["msg_type"] == "frobnicate_reply" and reply["content"]["status"] == "error"
    missing = session.msg("execute_request", {"silent": False})
    sock.send_multipart(session.serialize(missing))
    reply = session.recv(sock, mode=0)[1]
    assert reply["msg_type"] == "execute_reply" and reply["content"]["status"] == "error"
    huge = session.msg("kernel_info_request", {"padding": "x" * 100_000_000})
    sock.send_multipart(session.serialize(huge))
    reply = session.recv(sock, mode=0)[1]
    assert reply["msg_type"] == "kernel_info_reply" and reply["content"]["status"] == "ok"
    sock.close()
    # A client that asks for a large output and vanishes before it arrives.
    vanishing = raw_shell(km)
    vanishing.send_multipart(session.serialize(session.msg("execute_request", {
        "code": samples["big_output"], "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True})))
    vanishing.close()
    # A client that asks for input and vanishes: an interrupt frees the kernel.
    waiting = raw_shell(km)
    waiting.send_multipart(session.serialize(session.msg("execute_request", {
        "code": samples["input"], "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": True, "stop_on_error": False})))
    time.sleep(0.5)
    waiting.close()
    km.interrupt_kernel()
    reply, outputs = run(kc, samples["quick"])
    assert reply["content"]["status"] == "ok"
    assert result_text(outputs) == [samples["quick_result"]]
    assert km.is_alive()


def test_comm_info_is_empty_and_comm_open_is_closed(kernel):
    km, kc = kernel
    info = kc.session.msg("comm_info_request", {})
    kc.shell_channel.send(info)
    reply = reply_to(kc, info["header"]["msg_id"])
    assert reply["content"] == {"status": "ok", "comms": {}}
    opening = kc.session.msg("comm_open", {"comm_id": "c-1", "target_name": "jupyter.widget", "data": {}})
    kc.shell_channel.send(opening)
    closes = [m for m in outputs_until_idle(kc, opening["header"]["msg_id"]) if m["msg_type"] == "comm_close"]
    assert [m["content"]["comm_id"] for m in closes] == ["c-1"]


def test_png_is_base64_with_width_and_height(kernel, samples):
    km, kc = kernel
    reply, outputs = run(kc, samples["png"])
    assert reply["content"]["status"] == "ok"
    shown = [m for m in outputs if m["msg_type"] == "display_data"]
    assert len(shown) == 1
    png = base64.b64decode(shown[0]["content"]["data"]["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    size = shown[0]["content"]["metadata"]["image/png"]
    assert isinstance(size["width"], int) and isinstance(size["height"], int) and size["width"] > 0


# A kernel manager in a process of its own, started as Jupyter starts kernels (jupyter_client's
# KernelManager: a new session, JPY_PARENT_PID set to the manager's pid), optionally through a
# launcher that stays in between (`sh -c "...; exit"` forks the kernel and waits for it, as
# `conda run` and other nannies do), and optionally running a cell; it prints the kernel's pid.
MANAGER = """
import sys, time
from jupyter_client.manager import KernelManager
name, launcher, code = sys.argv[1], sys.argv[2] == "launcher", sys.argv[3]
km = KernelManager(kernel_name=name)
if launcher:
    km.kernel_spec.argv = ["sh", "-c", " ".join(f"'{a}'" for a in km.kernel_spec.argv) + "; exit $?"]
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=30)
if code:
    kc.execute(code)
    while kc.get_iopub_msg(timeout=30)["msg_type"] != "execute_input":
        pass
top = km.provisioner.process.pid
kernel = top if not launcher else next(int(p) for p in open(f"/proc/{top}/task/{top}/children").read().split())
print(kernel, flush=True)
time.sleep(600)
"""


@pytest.mark.parametrize("how", ["idle", "busy", "launcher"])
def test_kernel_exits_when_the_process_that_started_it_is_killed(kernel_name, samples, how):
    """A kernel whose manager was SIGKILLed (the Jupyter server, a terminal's jupyter console)
    exits: when idle, in a BLAS product (C's exit() used to hang there), and when started
    through a launcher that outlives the manager (only JPY_PARENT_PID names the manager)."""
    code = samples["busy"] if how == "busy" else ""
    manager = subprocess.Popen([sys.executable, "-c", MANAGER, kernel_name, how, code], stdout=subprocess.PIPE, text=True)
    try:
        kernel_pid = int(manager.stdout.readline())
        assert running(kernel_pid)
        manager.kill()
        manager.wait()
        deadline = time.monotonic() + 3
        while running(kernel_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not running(kernel_pid)
    finally:
        manager.kill()
        manager.wait()
        with contextlib.suppress(NameError, ProcessLookupError):
            os.kill(kernel_pid, signal.SIGKILL)


def test_shutdown_during_a_product_ends_the_process_at_once(kernel, samples):
    """exit() hung while a matrix product ran; jupyter_client would SIGKILL the kernel after 5 s."""
    km, kc = kernel
    msg_id = kc.execute(samples["busy"])
    wait_running(kc, msg_id)
    time.sleep(0.3)
    process = km.provisioner.process
    kc.shutdown()
    assert process.wait(timeout=3) == 0


def running(pid):
    """Whether pid is a live process (not gone, not a zombie waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
