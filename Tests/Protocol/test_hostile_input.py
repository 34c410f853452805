"""Issue 13, section 3, against the real binary: adversarial programs end in a clear Python-style
error or the right output, never in a signal, a Swift runtime trap ("Fatal error"), a hang or a
lost notebook; a kernel whose cell runs out of memory raises MemoryError and keeps going."""
from __future__ import annotations

import os
import subprocess
import time

import nbformat
import pytest

from conftest import installed_kernels

DESCENT = os.environ.get("DESCENT_BIN", os.path.abspath(".build/debug/descent"))

# (name, program, what stdout or stderr must contain). Each is one class of the issue or a
# sibling of it; expected values are CPython's, NumPy's or PyTorch's.
PROGRAMS = [
    ("round_huge", "print(round(1e19))", "1e+19"),
    ("round_digits", "print(round(1.5, 10**18), round(7, -10**18))", "1.5 0"),
    ("int_inf", "int(float('inf'))", "OverflowError"),
    ("int_tensor_huge", "int(tensor([1e30]))", "OverflowError"),
    ("int64_from_huge", "tensor([1e30], dtype='int64')", "OverflowError"),
    ("int64_plus_huge", "print(tensor([1], dtype='int64') + 1e30)", "tensor([1.0000e+30])"),
    ("int64_plus_inf", "print((tensor([1, 2], dtype='int64') + float('inf')).tolist())", "[inf, inf]"),
    ("int64_exact", "print(tensor([2**62 + 1], dtype='int64').tolist())", "[4611686018427387905]"),
    ("shift", "print(1 << 100)", "1.2676506002282294e+30"),
    ("linear_overflow", "Linear(10**18, 10**18)", "MemoryError"),
    ("mlp_overflow", "MLP([10**10, 10**10, 2])", "MemoryError"),
    ("len_range", "len(range(-2**62, 2**62))", "OverflowError"),
    ("range_in", "print(2**62 in range(-2**62, 2**62 + 1, 2**61))", "True"),
    ("range_index", "print(range(10**10)[0], range(10**18)[-1])", "0 999999999999999999"),
    ("range_list", "list(range(10**18))", "MemoryError"),
    ("ljust", "'a'.ljust(10**18)", "MemoryError"),
    ("str_repeat", "'ab' * 10**18", "MemoryError"),
    ("format_width", "f'{1:{10**12}}'", "ValueError"),
    ("format_precision", "f'{1.0:.{10**18}f}'", "ValueError"),
    ("empty_rows", "print(zeros(2**40, 0))", "tensor([], size=(1099511627776, 0))"),
    ("empty_tolist", "zeros(2**40, 0).tolist()", "MemoryError"),
    ("zeros_huge", "zeros(2**40, 2**40)", "MemoryError"),
    ("reshape_huge", "zeros(4).reshape(2**62, 4)", "MemoryError"),
    ("spiral", "spiral(10**12)", "MemoryError"),
    ("blobs", "blobs(10**12)", "MemoryError"),
    ("xor", "xor(10**15)", "MemoryError"),
    ("arange", "arange(0, 1e300)", "MemoryError"),
    ("deep_free", "x = []\nfor i in range(1000000):\n    x = [x]\nx = None\nprint('freed')", "freed"),
    ("deep_at_exit", "x = []\nfor i in range(1000000):\n    x = [x, (x,)]\nprint('alive')", "alive"),
    ("deep_tuple_at_exit", "t = ()\nfor i in range(1000000):\n    t = (t,)\nprint('alive')", "alive"),
    ("deep_equal", "x = []\ny = []\nfor i in range(100000):\n    x = [x]\n    y = [y]\nx == y", "RecursionError"),
    ("deep_hash", "t = ()\nfor i in range(100000):\n    t = (t,)\n{t: 1}", "RecursionError"),
    ("nll_class", "nll(log_softmax(zeros(4, 12)), tensor([1, 2, 16, 0], dtype='int64'))",
     "target 16 in row 2 is not a class index: there are 12 classes"),
    ("softmax_axis", "softmax(tensor([1.0, 2.0]), axis=5)", "softmax: axis 5 is out of range for a tensor with 1 dimension"),
    ("empty_space", "grid_search(lambda: 1.0, {})", "the space is empty"),
    ("long_chain", "x = " + " + ".join(["1"] * 300000), "SyntaxError: expression too long"),
    ("long_flat_tuple", "print(len((" + ", ".join(["1"] * 300000) + ")))", "300000"),
    ("grid_product", "grid_search(lambda a, b, c: a, {'a': list(range(10**4)), 'b': list(range(10**4)), 'c': list(range(10**4))})",
     "MemoryError"),
    ("evolve_population", "evolve(lambda x: x, {'x': uniform(0, 1)}, population=10**12)", "MemoryError"),
    ("class_index_huge", "dataset(zeros(3, 2), tensor([0, 1, 10**12], dtype='int64'))", "MemoryError"),
    ("int64_full", "full((2,), 1e30, dtype='int64')", "OverflowError"),
    ("save_figure_missing_dir", "save(plot([1.0]), '/nonexistent/dir/f.png')",
     "FileNotFoundError: save(): cannot write '/nonexistent/dir/f.png': the directory '/nonexistent/dir' does not exist"),
    ("str_replace_result", "('ab' * 10**6).replace('a', 'aaaa' * 10**5)", "MemoryError"),
    ("floor_divide", "print((tensor([5.0, -5.0]) // 2).tolist())", "[2.0, -3.0]"),
    ("save_missing_dir", "save(tensor([1.0]), '/nonexistent/dir/x.npy')",
     "FileNotFoundError: save(): cannot write '/nonexistent/dir/x.npy': the directory '/nonexistent/dir' does not exist"),
]


def run_script(tmp_path, name, source, timeout=120, env=None):
    path = tmp_path / f"{name}.descent"
    path.write_bytes(source if isinstance(source, bytes) else source.encode())
    return subprocess.run([DESCENT, str(path)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def assert_no_crash(result):
    assert result.returncode >= 0, f"killed by signal {-result.returncode}: {result.stderr[-2000:]}"
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Fatal error" not in result.stderr and "Program crashed" not in result.stderr, result.stderr[-2000:]


@pytest.mark.parametrize("name,source,expected", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_adversarial_program_fails_clearly_or_answers_right(tmp_path, name, source, expected):
    result = run_script(tmp_path, name, source)
    assert_no_crash(result)
    assert expected in result.stdout + result.stderr, (result.stdout[-1000:], result.stderr[-1000:])


@pytest.mark.parametrize("source,stopped", [
    ("fit(MLP([2, 2]), xor(), epochs=10**18)", "KeyboardInterrupt"),
    # An interrupted search keeps the trials it finished in `r` (marked partial: test_interrupts)
    # and hands the interrupt on, so the script stops before the next statement.
    ("r = random_search(lambda x: x, {'x': uniform(0, 1)}, trials=10**9, workers=1)\nprint('not reached')",
     "KeyboardInterrupt"),
], ids=["fit_epochs", "random_search_trials"])
def test_huge_counts_start_running_instead_of_allocating(tmp_path, source, stopped):
    # These reserved a record per epoch or trial up front and died; now they run until stopped.
    path = tmp_path / "long.descent"
    path.write_text(source)
    proc = subprocess.Popen([DESCENT, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    assert proc.poll() is None, proc.communicate()[1][-2000:]
    proc.send_signal(2)
    out, err = proc.communicate(timeout=30)
    assert stopped in out + err and "Fatal error" not in err, (out[-2000:], err[-2000:])
    assert "not reached" not in out


@pytest.mark.parametrize("source", [
    "s = 'ab'\nfor i in range(64):\n    s = s + s",
    "l = [1]\nfor i in range(64):\n    l += l",
    "l = [1]\nfor i in range(64):\n    l.extend(l)",
    "t = (1,)\nfor i in range(64):\n    t = t + t",
    "kept = []\nwhile True:\n    kept.append(zeros(10**7))",
], ids=["str", "list_iadd", "list_extend", "tuple", "tensors"])
def test_growing_until_memory_runs_out_is_a_memory_error(tmp_path, source):
    # Each step fits the limit on its own; what is already held makes the last one too many.
    result = run_script(tmp_path, "grow", source, env={"DESCENT_MEMORY_LIMIT": "1G"})
    assert_no_crash(result)
    assert "MemoryError" in result.stderr, result.stderr[-2000:]


def test_invalid_utf8_script_names_the_line(tmp_path):
    result = run_script(tmp_path, "bad", b"print(1)\nx = '\xff'\n")
    assert result.returncode == 2
    assert "UnicodeDecodeError" in result.stderr and "line 2" in result.stderr, result.stderr


def test_csv_with_invalid_utf8_is_a_decode_error(tmp_path):
    (tmp_path / "bad.csv").write_bytes(b"a,b\n1,\xff\n")
    result = run_script(tmp_path, "csv", f"load_csv('{tmp_path}/bad.csv')")
    assert_no_crash(result)
    assert "UnicodeDecodeError" in result.stderr and "offset 6 (line 2)" in result.stderr, result.stderr


def test_uint8_npy_loads_its_values(tmp_path):
    # Written by NumPy (Tests/Fixtures/bindings/make_fixtures.py).
    fixture = os.path.abspath("Tests/Fixtures/bindings/small_u8.npy")
    result = run_script(tmp_path, "u8", f"print(load('{fixture}').tolist())")
    assert_no_crash(result)
    assert result.stdout == "[0, 5, 255]\n"


def test_notebook_with_a_deep_structure_alive_at_exit_is_written(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "descent", "display_name": "Descent", "language": "descent"}
    nb.cells = [nbformat.v4.new_code_cell("x = []\nfor i in range(1000000):\n    x = [x]"),
                nbformat.v4.new_code_cell("print('done')")]
    src, out = tmp_path / "deep.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, src)
    result = subprocess.run([DESCENT, "run", str(src), "--output", str(out)], capture_output=True, text=True, timeout=180)
    assert_no_crash(result)
    assert result.returncode == 0, result.stderr[-2000:]
    assert nbformat.read(out, as_version=4).cells[1].outputs[0]["text"] == "done\n"


@pytest.mark.skipif("descent" not in installed_kernels(), reason="the descent kernelspec is not installed")
def test_kernel_survives_a_cell_that_runs_out_of_memory():
    from jupyter_client.manager import start_new_kernel

    from test_client import result_text, run

    km, kc = start_new_kernel(kernel_name="descent", startup_timeout=30,
                              env={**os.environ, "DESCENT_MEMORY_LIMIT": "256M"})
    try:
        run(kc, "before = 41")
        reply, _ = run(kc, "kept = []\nwhile True:\n    kept.append(zeros(10**7))")
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "MemoryError"
        assert "past the memory limit of 268 MB" in reply["content"]["evalue"], reply["content"]["evalue"]
        reply, _ = run(kc, "zeros(10**12)")
        assert reply["content"]["ename"] == "MemoryError"
        reply, outputs = run(kc, "kept = None\nbefore + 1")
        assert reply["content"]["status"] == "ok"
        assert result_text(outputs) == ["42"]
        assert km.is_alive()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
