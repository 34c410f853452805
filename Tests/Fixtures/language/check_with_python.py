"""Runs the Python-compatible golden scripts with CPython and checks their `# expect:` lines.

The golden scripts are the reference for LanguageTests/GoldenTests: CPython 3.11 is the
independent source that says what the expected lines must be. Usage: python3 check_with_python.py
"""
import contextlib, io, pathlib, sys

HERE = pathlib.Path(__file__).parent
PYTHON_COMPATIBLE = ["scoping.descent", "expressions.descent"]


def expectations(text):
    out = []
    for line in text.splitlines():
        if "# expect: " in line:
            out.append(line.split("# expect: ", 1)[1])
    return out


failed = False
for name in PYTHON_COMPATIBLE:
    text = (HERE / name).read_text()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(text, name, "exec"), {})
    got = buffer.getvalue().splitlines()
    want = expectations(text)
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            print(f"{name}: line {i + 1}: python printed {g!r}, the script expects {w!r}")
            failed = True
    if len(got) != len(want):
        print(f"{name}: python printed {len(got)} lines, the script expects {len(want)}")
        failed = True
print("all expectations agree with CPython" if not failed else "MISMATCH")
sys.exit(1 if failed else 0)
