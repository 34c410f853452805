"""Descent in JupyterLab, driven through chromium the way a student uses it: what the page shows
is what is asserted (DOM and images), and every step is screenshotted into build/browser/."""
from __future__ import annotations

import base64
import json
import re
import time

from playwright.sync_api import expect

from conftest import (CELL_TIMEOUT, cell, is_dirty, open_notebook, outputs, run_cell, toolbar, wait_done,
                      wait_idle)

SHIPPED = "02-gradient-descent-variants.ipynb"
STDERR = "application/vnd.jupyter.stderr"


def test_shipped_notebook_runs_all_with_its_figures(page, lab):
    stored = json.loads((lab.root / SHIPPED).read_text())
    stored_pngs = sum("image/png" in o.get("data", {}) for c in stored["cells"] for o in c.get("outputs", []))
    assert stored_pngs >= 2
    open_notebook(page, lab, SHIPPED)
    time.sleep(1)  # the kernel's info and any metadata change arrive after idle
    page.shots("opened")
    assert not is_dirty(page), "the notebook is marked modified right after opening"
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    code_cells = [i for i, c in enumerate(stored["cells"]) if c["cell_type"] == "code"]
    for i in code_cells:
        wait_done(page, i)
    wait_idle(page)
    page.shots("ran-all")
    images = page.locator(".jp-NotebookPanel:visible .jp-RenderedImage img")
    expect(images).to_have_count(stored_pngs)
    for img in images.all():
        img.scroll_into_view_if_needed()
        assert img.evaluate("i => i.complete && i.naturalWidth > 100 && i.naturalHeight > 100")
    page.shots("last-figure")
    expect(page.locator(f'.jp-NotebookPanel:visible [data-mime-type="{STDERR}"]')).to_have_count(0)


def test_tensor_shows_as_a_table(page, lab):
    open_notebook(page, lab, lab.write_notebook("tensor.ipynb", ["tensor([[1.5, 2.0], [3.0, 4.0]])"]))
    run_cell(page, 0)
    table = outputs(page, 0).locator("table")
    expect(table).to_have_count(1)
    page.shots("table")
    cells = table.locator("td").all_inner_texts()
    assert [float(t) for t in cells] == [1.5, 2.0, 3.0, 4.0]


def test_tab_completes_and_shift_tab_inspects(page, lab):
    open_notebook(page, lab, lab.write_notebook("complete.ipynb", [
        "alpha_one = 1\nalpha_two = 2", "alpha_", "minimize"]))
    run_cell(page, 0)
    cell(page, 1).locator(".cm-content").click()
    page.keyboard.press("End")
    page.keyboard.press("Tab")
    completer = page.locator(".jp-Completer .jp-Completer-item")
    expect(completer).to_have_count(2)
    page.shots("completer")
    assert sorted(completer.all_inner_texts()) == ["alpha_one", "alpha_two"]
    page.keyboard.press("Enter")
    expect(cell(page, 1).locator(".cm-content")).to_have_text("alpha_one")
    cell(page, 2).locator(".cm-content").click()
    page.keyboard.press("End")
    page.keyboard.press("Shift+Tab")
    tooltip = page.locator(".jp-Tooltip")
    expect(tooltip).to_contain_text("minimize(f, start=")
    page.shots("tooltip")
    expect(tooltip).to_contain_text("trajectory")


def test_training_progress_updates_in_place(page, lab):
    open_notebook(page, lab, lab.write_notebook("train.ipynb", [
        "m = MLP([2, 16, 2])\nr = fit(m, xor(), epochs=400)\nr"]))
    run_cell(page, 0, wait=False)
    bar = outputs(page, 0).locator("pre", has_text="epoch")
    expect(bar).to_have_count(1, timeout=CELL_TIMEOUT)
    first = bar.inner_text()
    page.shots("progress")
    assert re.search(r"\[#*\.+\]\s+\d+% epoch \d+/400", first), first
    expect(bar).not_to_have_text(first, timeout=CELL_TIMEOUT)  # redrawn...
    page.shots("progress-later")
    # ...in place, not appended below (the cell's result may already have arrived on a fast machine)
    assert cell(page, 0).locator(".jp-OutputArea-child:not(.jp-OutputArea-executeResult) .jp-OutputArea-output").count() == 1
    wait_done(page, 0)
    page.shots("done")
    text = outputs(page, 0).all_inner_texts()
    assert any(re.search(r"Run\(Adam, 400 epochs, loss", t) for t in text), text
    assert not any("epoch 1/" in t for t in text), "the bar was not replaced by the summary"


def test_interrupt_button_stops_a_loop_and_keeps_state(page, lab):
    open_notebook(page, lab, lab.write_notebook("interrupt.ipynb", [
        "x = 42", "while True:\n    pass", "x + 1"]))
    run_cell(page, 0)
    run_cell(page, 1, wait=False)
    expect(cell(page, 1).locator(".jp-InputArea-prompt")).to_have_text("[*]:")
    time.sleep(1)
    page.shots("running")
    toolbar(page, "notebook:interrupt-kernel").click()
    wait_done(page, 1, timeout=10_000)
    expect(outputs(page, 1)).to_contain_text("KeyboardInterrupt")
    page.shots("interrupted")
    run_cell(page, 2)
    expect(outputs(page, 2)).to_have_text("43")
    page.shots("state-kept")


def test_restart_clears_the_session(page, lab):
    open_notebook(page, lab, lab.write_notebook("restart.ipynb", ["x = 42", "x"]))
    run_cell(page, 0)
    run_cell(page, 1)
    expect(outputs(page, 1)).to_have_text("42")
    toolbar(page, "notebook:restart-kernel").click()
    page.locator(".jp-Dialog .jp-mod-accept").click()
    expect(page.locator(".jp-Dialog")).to_have_count(0)
    wait_idle(page)
    page.shots("restarted")
    run_cell(page, 1)
    expect(cell(page, 1).locator(".jp-InputArea-prompt")).to_have_text("[1]:")
    error = outputs(page, 1)
    expect(error).to_have_attribute("data-mime-type", STDERR)
    expect(error).to_contain_text("NameError: name 'x' is not defined")
    page.shots("x-gone")


def test_input_is_answered_in_the_page(page, lab):
    open_notebook(page, lab, lab.write_notebook("input.ipynb", [
        'name = input("Your name? ")\nprint("hello " + name)']))
    run_cell(page, 0, wait=False)
    box = page.locator(".jp-NotebookPanel:visible .jp-Stdin-input")
    expect(box).to_be_visible()
    expect(page.locator(".jp-NotebookPanel:visible .jp-Stdin-prompt")).to_have_text("Your name? ")
    box.fill("Ada")
    page.shots("asked")
    box.press("Enter")
    wait_done(page, 0)
    expect(outputs(page, 0).last).to_have_text("hello Ada")
    page.shots("answered")


def figure_png(page, i: int) -> bytes:
    img = cell(page, i).locator(".jupyter-widgets img")
    expect(img).to_have_count(1)
    src = img.get_attribute("src")
    assert src.startswith("data:image/png;base64,"), src[:40]
    return base64.b64decode(src.split(",", 1)[1])


def test_dragging_a_slider_redraws_the_figure(page, lab):
    open_notebook(page, lab, lab.write_notebook("slider.ipynb", [
        's = slider(1, 100, value=10, description="steps")\n'
        "def show(steps):\n"
        "    path = minimize(ravine, start=[-2, 1], optimizer=Momentum(lr=0.01, gamma=0.9), steps=steps)\n"
        "    return contour(ravine, x=(-3, 3), y=(-2, 2), paths=[path])\n"
        "interact(show, steps=s)",
        "s.value"]))
    run_cell(page, 0)
    readout = cell(page, 0).locator(".widget-readout")
    expect(readout).to_have_text("10")
    before = figure_png(page, 0)
    page.shots("before")
    handle = cell(page, 0).locator(".noUi-handle")
    track = cell(page, 0).locator(".noUi-target").bounding_box()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * 0.8, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    expect(readout).not_to_have_text("10")
    moved = int(readout.inner_text())
    assert 60 <= moved <= 100, moved
    page.wait_for_function(  # the figure is replaced once the kernel has redrawn it
        "([sel, old]) => { const i = document.querySelector(sel); return i && i.src !== old; }",
        arg=[".jp-NotebookPanel:not(.lm-mod-hidden) .jupyter-widgets img",
             "data:image/png;base64," + base64.b64encode(before).decode()], timeout=CELL_TIMEOUT)
    after = figure_png(page, 0)
    page.shots("after")
    assert after != before and after.startswith(b"\x89PNG")
    run_cell(page, 1)
    expect(outputs(page, 1)).to_have_text(str(moved))
