"""Shared setup for the protocol tests: which kernels are installed, and the code that
makes each of them do a given thing (the test kernel's toy commands, or Descent)."""
from __future__ import annotations

import pytest
from jupyter_client.kernelspec import KernelSpecManager

# What each kernel runs to produce a behaviour the tests need.
SAMPLES = {
    "descent-test": {
        "hello": "print(hello, world)",
        "assign": "x = 5",
        "read": "x",
        "read_result": "5",
        "loop": "loop()",
        "input": "input(name? )",
        "input_echo": "got Ada",
        "sleep_then_fail": "sleep(300)\nfail()",
        "quick": "1 + 1",
        "quick_result": "2",
        "big_output": "big(3000000)",
        "png": "png()",
        "busy": "loop()",
    },
    "descent": {
        "hello": 'print("hello, world")',
        "assign": "x = 5",
        "read": "x",
        "read_result": "5",
        "loop": "while True:\n    pass",
        "input": 'name = input("name? ")\nprint("got " + name)',
        "input_echo": "got Ada",
        "sleep_then_fail": "s = 0\nfor i in range(300000):\n    s = s + i\nundefined_name",
        "quick": "1 + 1",
        "quick_result": "2",
        "big_output": 'print("x" * 3000000)',
        "png": "display(plot([1.0, 2.0, 3.0]))",
        # Matrix products without end: C's exit() used to hang while one ran (OpenBLAS's exit handler).
        "busy": "a = ones(1500, 1500)\nwhile True:\n    b = a @ a",
    },
}


def installed_kernels() -> list[str]:
    specs = KernelSpecManager().find_kernel_specs()
    return [name for name in SAMPLES if name in specs]


@pytest.fixture(params=installed_kernels())
def kernel_name(request) -> str:
    return request.param


@pytest.fixture
def samples(kernel_name) -> dict[str, str]:
    return SAMPLES[kernel_name]
