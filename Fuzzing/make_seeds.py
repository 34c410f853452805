#!/usr/bin/env python3
"""Writes the first corpus of every fuzz target from the tests' own inputs.

Run once from the repository root (python3 Fuzzing/make_seeds.py); the corpus then grows and is
minimized by `make fuzz`. Seeds: the golden .descent programs and the shipped notebooks' code
cells (FuzzCell), the JSON fixtures (FuzzJSON), the notebook fixture and a shipped notebook without
its outputs (FuzzNotebook), the .npy and .safetensors fixtures, and Jupyter messages as
`descent kernel` receives them, frames separated by NUL (FuzzWire; see FuzzWire.swift).
"""
import glob, hashlib, json, os

LIMIT = 4096  # FuzzCell skips longer inputs


def add(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join("Fuzzing", "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def blocks(text):
    """The text in pieces of at most LIMIT bytes, cut at blank lines."""
    piece = ""
    for block in text.split("\n\n"):
        if piece and len((piece + "\n\n" + block).encode()) > LIMIT:
            yield piece
            piece = ""
        piece = piece + "\n\n" + block if piece else block
    if piece:
        yield piece


for path in sorted(glob.glob("Tests/Fixtures/language/*.descent")):
    for piece in blocks(open(path).read()):
        add("FuzzCell", piece)
for path in sorted(glob.glob("notebooks/*.ipynb")):
    for cell in json.load(open(path))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and len(source.encode()) <= LIMIT:
            add("FuzzCell", source)

for path in ["Tests/Fixtures/engine/pcg32.json", "Tests/Fixtures/plot/smoothing.json",
             "Tests/Fixtures/plot/ticks.json", "Tests/Fixtures/engine/numpy_cases.json",
             "Tests/Fixtures/notebook/roundtrip.ipynb"]:
    add("FuzzJSON", open(path, "rb").read())
for text in ['{"a": [1, -2.5e-3, 1E+2, true, false, null], "b": {"c": "\\u00e9\\ud83d\\ude00\\n\\t\\"\\\\"}}',
             '[9223372036854775807, -9223372036854775808, 9223372036854775808, 1e400, 0.1, -0]',
             '"\\ud800"', '[[[[[[[[[[]]]]]]]]]]', ' {"":{}} ']:
    add("FuzzJSON", text)

add("FuzzNotebook", open("Tests/Fixtures/notebook/roundtrip.ipynb", "rb").read())
notebook = json.load(open("notebooks/01-backpropagation.ipynb"))
notebook["cells"] = notebook["cells"][:4]
for cell in notebook["cells"]:
    if cell["cell_type"] == "code":
        cell["outputs"] = [{"name": "stdout", "output_type": "stream", "text": ["1.5\n"]}]
add("FuzzNotebook", json.dumps(notebook, indent=1))

for path in sorted(glob.glob("Tests/Fixtures/bindings/*.npy")):
    add("FuzzNPY", open(path, "rb").read())
add("FuzzSafetensors", open("Tests/Fixtures/bindings/linear.safetensors", "rb").read())


def message(msg_type, content, signature="sign", buffers=()):
    header = {"msg_id": "a1", "msg_type": msg_type, "session": "s1", "username": "u",
              "date": "2026-01-01T00:00:00.000000Z", "version": "5.3"}
    frames = [b"client-id", b"<IDS|MSG>", signature.encode(),
              *(json.dumps(part, separators=(",", ":")).encode() for part in (header, {}, {}, content)),
              *buffers]
    return b"\0".join(frames)


add("FuzzWire", message("kernel_info_request", {}))
add("FuzzWire", message("execute_request", {"code": "print(1 + 1)", "silent": False, "store_history": True,
                                            "user_expressions": {}, "allow_stdin": True, "stop_on_error": True}))
add("FuzzWire", message("comm_msg", {"comm_id": "c", "data": {}}, signature="", buffers=[b"\x00\x01binary"]))
add("FuzzWire", message("complete_request", {"code": "pri", "cursor_pos": 3}, signature="0" * 64))
