"""The kernel's side of the comm protocol, through jupyter_client and the test kernel (whose
backend has one comm target, `toy.echo`, that echoes data and buffers): comm_open routed to the
backend or closed, comm_msg in both directions with buffer frames and the request as parent,
comm_close from either side, comm_info with target filtering."""
from __future__ import annotations

import pytest
from jupyter_client.manager import start_new_kernel

from test_client import TIMEOUT, outputs_until_idle, reply_to, run


def client_of(kernel_name):
    """A fixture's body: a client of a new kernel, shut down after the test."""
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=TIMEOUT)
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


@pytest.fixture
def kc():
    yield from client_of("descent-test")


def send(kc, msg_type, content, buffers=None):
    msg = kc.session.msg(msg_type, content)
    kc.session.send(kc.shell_channel.socket, msg, buffers=buffers)
    outputs = outputs_until_idle(kc, msg["header"]["msg_id"])
    return msg["header"]["msg_id"], [m for m in outputs if m["msg_type"] != "status"]


def comm_info(kc, **content):
    msg = kc.session.msg("comm_info_request", content)
    kc.shell_channel.send(msg)
    reply = reply_to(kc, msg["header"]["msg_id"])
    assert reply["content"]["status"] == "ok"
    return reply["content"]["comms"]


def test_unknown_target_is_closed_and_not_listed(kc):
    _, outputs = send(kc, "comm_open", {"comm_id": "u-1", "target_name": "no.such.target", "data": {}})
    assert [(m["msg_type"], m["content"]["comm_id"]) for m in outputs] == [("comm_close", "u-1")]
    assert comm_info(kc) == {}


def test_comm_msg_reaches_the_backend_and_its_answer_has_the_request_as_parent(kc):
    _, outputs = send(kc, "comm_open", {"comm_id": "e-1", "target_name": "toy.echo", "data": {}})
    assert outputs == []
    msg_id, outputs = send(kc, "comm_msg", {"comm_id": "e-1", "data": {"x": 7}},
                           buffers=[b"\x00\x01\xff", b"abc"])
    kinds = [m["msg_type"] for m in outputs]
    assert kinds == ["stream", "comm_msg"]
    echo = outputs[1]
    assert echo["parent_header"]["msg_id"] == msg_id
    assert echo["content"] == {"comm_id": "e-1", "data": {"x": 7}}
    assert [bytes(b) for b in echo["buffers"]] == [b"\x00\x01\xff", b"abc"]
    assert outputs[0]["content"]["text"] == "comm e-1\n"


def test_comm_info_lists_open_comms_filtered_by_target(kc):
    send(kc, "comm_open", {"comm_id": "e-1", "target_name": "toy.echo", "data": {}})
    send(kc, "comm_open", {"comm_id": "e-2", "target_name": "toy.echo", "data": {}})
    run(kc, "comm(toy.other)")
    comms = comm_info(kc)
    assert len(comms) == 3
    assert comms["e-1"] == {"target_name": "toy.echo"} == comms["e-2"]
    assert set(comm_info(kc, target_name="toy.echo")) == {"e-1", "e-2"}
    assert list(comm_info(kc, target_name="toy.other").values()) == [{"target_name": "toy.other"}]
    assert comm_info(kc, target_name="nothing") == {}


def test_front_end_close_forgets_the_comm(kc):
    send(kc, "comm_open", {"comm_id": "e-1", "target_name": "toy.echo", "data": {}})
    _, outputs = send(kc, "comm_close", {"comm_id": "e-1", "data": {}})
    assert outputs == []
    assert comm_info(kc) == {}
    _, outputs = send(kc, "comm_msg", {"comm_id": "e-1", "data": {"x": 1}})
    assert outputs == []


def test_kernel_close_sends_comm_close(kc):
    send(kc, "comm_open", {"comm_id": "e-1", "target_name": "toy.echo", "data": {}})
    msg_id, outputs = send(kc, "comm_msg", {"comm_id": "e-1", "data": {"close": True}})
    assert [(m["msg_type"], m["content"]) for m in outputs] == [("comm_close", {"comm_id": "e-1", "data": {"bye": True}})]
    assert comm_info(kc) == {}


def test_kernel_opened_comm_carries_metadata_buffers_and_the_cell_as_parent(kc):
    msg_id = kc.execute("comm(toy.mine)")
    reply_to(kc, msg_id)
    opens = [m for m in outputs_until_idle(kc, msg_id) if m["msg_type"] == "comm_open"]
    assert len(opens) == 1
    opened = opens[0]
    assert opened["parent_header"]["msg_id"] == msg_id
    assert opened["content"]["target_name"] == "toy.mine"
    assert opened["content"]["data"] == {"opened": "by kernel"}
    assert opened["metadata"] == {"version": "1"}
    assert [bytes(b) for b in opened["buffers"]] == [b"\x01\x02\x03"]
    assert list(comm_info(kc)) == [opened["content"]["comm_id"]]


def test_deferred_work_coalesces_to_the_newest(kc):
    send(kc, "comm_open", {"comm_id": "e-1", "target_name": "toy.echo", "data": {}})
    msgs = [kc.session.msg("comm_msg", {"comm_id": "e-1", "data": {"later": n}}) for n in range(100)]
    frames = [kc.session.serialize(msg) for msg in msgs]
    for parts in frames:
        kc.shell_channel.socket.send_multipart(parts)
    ids = [msg["header"]["msg_id"] for msg in msgs]
    ran = []
    while not ran or ran[-1][1] != "ran 99\n":
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["msg_type"] == "stream":
            ran.append((msg["parent_header"]["msg_id"], msg["content"]["text"]))
    assert 1 <= len(ran) <= 3, ran
    assert ran[-1][0] == ids[-1]


def test_deferred_work_reports_before_its_request_goes_idle(kc):
    # A front end stops listening to a request at its idle (JupyterLab drops later IOPub
    # messages of it), so an Output widget capturing it must see the work's output first.
    send(kc, "comm_open", {"comm_id": "e-2", "target_name": "toy.echo", "data": {}})
    msg = kc.session.msg("comm_msg", {"comm_id": "e-2", "data": {"later": 7}})
    kc.shell_channel.send(msg)
    before_idle = outputs_until_idle(kc, msg["header"]["msg_id"])
    assert [m["content"]["text"] for m in before_idle if m["msg_type"] == "stream"] == ["ran 7\n"]
