"""Writes the notebook fixtures with nbformat itself, the reference for Descent's reader and writer.

Run: python3 make_fixtures.py  (needs `pip install nbformat`)
"""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

nb = new_notebook(metadata={
    "kernelspec": {"name": "descent", "display_name": "Descent", "language": "descent"},
    "language_info": {"name": "descent", "file_extension": ".descent"},
})
nb.cells = [
    new_markdown_cell("# Title\n\nSome *text* with ünïcödé and a \"quote\".", id="md-1"),
    new_code_cell("x = 1\nx + 1", id="code-1", execution_count=1, outputs=[
        new_output("stream", name="stdout", text="line one\nline two\n"),
        new_output("execute_result", data={"text/plain": "2", "text/html": "<b>2</b>\n<i>two</i>"},
                   execution_count=1),
        new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"},
                   metadata={"image/png": {"width": 640, "height": 400}}),
        new_output("error", ename="ValueError", evalue="bad\tvalue", traceback=["a", "b\u001b[0m"]),
    ]),
    new_code_cell("", id="code-2", metadata={"tags": ["parameters"]}),
]
nbformat.validate(nb)
nbformat.write(nb, "roundtrip.ipynb")
