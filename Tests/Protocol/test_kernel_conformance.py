"""jupyter_kernel_test's conformance suite with every sample it supports filled in."""
from __future__ import annotations

import unittest

import jupyter_kernel_test as jkt
from conftest import installed_kernels

TOY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


class ToyKernelConformance(jkt.KernelTests):
    kernel_name = "descent-test"
    language_name = "toy"
    file_extension = ".toy"
    code_hello_world = "print(hello, world)"
    code_stderr = "warn(careful)"
    completion_samples = [{"text": "pr", "matches": {"print", "progress"}}, {"text": "cle", "matches": {"clear"}}]
    complete_code_samples = ["1 + 1", "print(a)"]
    incomplete_code_samples = ["print(a", "loop:"]
    invalid_code_samples = ["print(a))"]
    code_page_something = "help(print)"
    code_generate_error = "fail()"
    code_execute_result = [{"code": "1 + 2", "result": "3"}, {"code": "y = 4\ny + 1", "result": "5"}]
    code_display_data = [{"code": "png()", "mime": "image/png"}, {"code": "progress()", "mime": "text/plain"}]
    code_history_pattern = "1 +*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "print"
    code_clear_output = "clear()"


class DescentKernelConformance(jkt.KernelTests):
    kernel_name = "descent"
    language_name = "descent"
    file_extension = ".descent"
    code_hello_world = 'print("hello, world")'
    code_stderr = 'warn("careful")'
    completion_samples = [{"text": "pri", "matches": {"print"}}]
    complete_code_samples = ["1 + 1", "x = 3", "print(1)"]
    incomplete_code_samples = ["def f(x):", "print(1,", "for i in range(3):"]
    invalid_code_samples = ["1 +* 2", ")"]
    code_generate_error = "undefined_name"
    code_execute_result = [{"code": "1 + 2", "result": "3"}, {"code": "y = 4\ny + 1", "result": "5"},
                           {"code": "plot([3.0, 2.0, 1.0])", "mime": "image/png"}]
    code_display_data = [{"code": "display(plot([1.0, 2.0, 3.0]))", "mime": "image/png"},
                         {"code": "display(tensor([1.0, 2.0]))", "mime": "text/html"}]
    code_history_pattern = "1 +*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "print"
    code_clear_output = "clear_output()"
    # help() prints to stdout in Descent, so no cell gives a pager payload; the kernel's
    # pager payload is checked with the test kernel above.
    test_pager = None


# Only the kernels that are installed are collected.
if "descent" not in installed_kernels():
    del DescentKernelConformance
if "descent-test" not in installed_kernels():
    del ToyKernelConformance
