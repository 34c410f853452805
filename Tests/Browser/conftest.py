"""The browser suite's setup: one JupyterLab server for the session (lab_server.py, serving a
temporary copy of notebooks/), one chromium, and a fresh page per test. Screenshots of every
step go to build/browser/."""
from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from lab_server import Lab, lab_server

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("BROWSER_SHOTS", ROOT / "build" / "browser"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CELL_TIMEOUT = 90_000  # ms: a debug build on two shared cores
DESCENT = os.environ.get("DESCENT_BIN", str(ROOT / ".build" / "debug" / "descent"))


def pytest_configure(config):
    # A SIGTERM (a CI job cancelled, a `kill`) unwinds like Ctrl-C, so the finalizers below still
    # stop the server and its kernels.
    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, interrupt)


@pytest.fixture(scope="session")
def lab():
    with lab_server(ROOT / "notebooks", SHOTS / "server.log") as served:
        yield served


@pytest.fixture
def descent_run():
    """Executes a notebook with `descent run` (what a student's saved notebook went through)."""
    def run(notebook: Path, output: Path) -> None:
        subprocess.run([DESCENT, "run", str(notebook), "--output", str(output)], check=True, timeout=120)
    return run


@pytest.fixture(scope="session")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            yield b
        finally:
            b.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_call = report.failed
    return report


class Shots:
    """Numbered screenshots of one test's steps: build/browser/<test>-<n>-<step>.png."""

    def __init__(self, page: Page, test: str):
        self.page, self.test, self.n = page, test, 0

    def __call__(self, step: str) -> Path:
        self.n += 1
        path = SHOTS / f"{self.test}-{self.n:02d}-{step}.png"
        self.page.screenshot(path=path)
        return path


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.shots = Shots(pg, request.node.name.removeprefix("test_"))
    try:
        yield pg
    finally:
        if getattr(request.node, "failed_call", False):
            pg.shots("failure")
        context.close()


# Driving JupyterLab.

def open_notebook(page: Page, lab: Lab, name: str) -> None:
    """Opens a notebook and waits until its kernel is idle."""
    page.goto(f"{lab.url}/lab/tree/{name}?reset")  # reset: this tab only, not the last test's
    page.locator(".jp-NotebookPanel:visible .jp-Notebook").wait_for()
    wait_idle(page)


def wait_idle(page: Page, timeout: float = CELL_TIMEOUT) -> None:
    """Waits for the status bar's kernel status (the toolbar's indicator says idle before the
    kernel has even started)."""
    expect(page.locator("#jp-main-statusbar").get_by_text("Descent | Idle")).to_have_count(
        1, timeout=timeout)


def toolbar(page: Page, command: str):
    return page.locator(f'.jp-NotebookPanel:visible .jp-Toolbar [data-command="{command}"]')


def cell(page: Page, i: int):
    return page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").nth(i)


def run_cell(page: Page, i: int, wait: bool = True) -> None:
    """Selects cell i, runs it with Shift+Enter and (by default) waits for its execution count."""
    c = cell(page, i)
    c.locator(".jp-InputArea-prompt").click()
    page.keyboard.press("Shift+Enter")
    if wait:
        wait_done(page, i)


def wait_done(page: Page, i: int, timeout: float = CELL_TIMEOUT) -> None:
    expect(cell(page, i).locator(".jp-InputArea-prompt")).to_have_text(
        re.compile(r"\[\d+\]"), timeout=timeout)


def outputs(page: Page, i: int):
    return cell(page, i).locator(".jp-OutputArea-output")


def is_dirty(page: Page) -> bool:
    return "jp-mod-dirty" in (page.locator(".lm-TabBar-tab.jp-mod-current").first.get_attribute("class") or "")
