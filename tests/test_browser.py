"""Every rendered briefing in a real headless Chromium, driven through the DevTools protocol.

For each page in reports/ (or, when none is rendered yet, two briefings rendered here): no request leaves the
page, no console error, the embedded Noto Sans CJK SC face is loaded and covers the page's Chinese text, and
full-page screenshots at 1280 px and 375 px show no horizontal overflow. Screenshots go to reports/screenshots/.
Needs Debian's `chromium` (`.ci/run` installs it); without it the test fails and says so.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
import websocket  # websocket-client, a test dependency

from .conftest import ROOT

REPORTS = ROOT / "reports"
SHOTS = REPORTS / "screenshots"
FONT = "Noto Sans CJK SC"
WIDTHS = (1280, 375)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("headless Chromium not found: install Debian's `chromium` (apt-get install -y chromium); "
                ".ci/run does this before the tests")


class Browser:
    """A headless Chromium with one page, spoken to over the DevTools websocket."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="cmp-chromium-")
        args = [chromium(), "--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--hide-scrollbars", "--mute-audio", f"--user-data-dir={self.profile}",
                "--remote-debugging-port=0", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = self._port()
        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def _port(self) -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            m = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            if m:
                return int(m.group(1))
            if not line and self.proc.poll() is not None:
                break
        raise RuntimeError("Chromium did not start its DevTools endpoint")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        if any(e.get("method") == method for e in self.events):
            return
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            self.events.append(msg)
            if msg.get("method") == method:
                return
        raise TimeoutError(method)

    def evaluate(self, expression: str):
        res = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in res:
            raise RuntimeError(res["exceptionDetails"])
        return res["result"].get("value")

    def resize(self, width: int) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1,
                  mobile=width < 600)

    def open(self, url: str, width: int) -> None:
        self.resize(width)
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        self.evaluate("document.fonts.ready.then(() => true)")

    def screenshot(self, path: Path) -> None:
        metrics = self.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True, optimizeForSpeed=True,
                         clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1})
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


def rendered_pages(tmp: Path) -> list[Path]:
    pages = sorted(p for p in REPORTS.glob("*.html"))
    if pages:
        return pages
    out = tmp / "reports"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "lib"))
    subprocess.run([sys.executable, "-m", "cmp", "report", "elderly-care-beds-zh", "overview", "--out-dir",
                    str(out), "--jobs", "2"], check=True, env=env, timeout=600, cwd=ROOT)
    return sorted(out.glob("*.html"))


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return rendered_pages(tmp_path_factory.mktemp("browser"))


CHECK_FONT = f"""
(async () => {{
  const text = (document.body.innerText.match(/[\\u4e00-\\u9fff]/g) || []).slice(0, 400).join('');
  if (!text) return {{text: 0, loaded: true, check: true}};
  await document.fonts.load('16px "{FONT}"', text);
  const faces = [...document.fonts].filter(f => f.family.replace(/["']/g, '') === '{FONT}');
  return {{text: text.length, loaded: faces.some(f => f.status === 'loaded'),
           check: document.fonts.check('16px "{FONT}"', text)}};
}})()
"""


def test_every_page_in_a_real_browser(browser, pages):
    assert pages, "no rendered briefing to open"
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for page in pages:
        url = page.resolve().as_uri()
        browser.open(url, WIDTHS[0])
        for width in WIDTHS:
            browser.resize(width)  # the same load, laid out again at this width
            requests = [e["params"]["request"]["url"] for e in browser.events
                        if e.get("method") == "Network.requestWillBeSent"]
            outside = [u for u in requests if u != url and not u.startswith("data:")]
            errors = [e for e in browser.events
                      if (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")
                      or e.get("method") == "Runtime.exceptionThrown"
                      or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
            font = browser.evaluate(CHECK_FONT)
            overflow = browser.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            lang = browser.evaluate("document.documentElement.lang")
            browser.screenshot(SHOTS / f"{page.stem}-{width}.png")
            if outside:
                problems.append(f"{page.name}@{width}: requests leave the page: {outside[:3]}")
            if errors:
                problems.append(f"{page.name}@{width}: console errors: {json.dumps(errors[:2])[:300]}")
            if not (font["loaded"] and font["check"]):
                problems.append(f"{page.name}@{width}: embedded {FONT} not used for the Chinese text: {font}")
            if overflow > 0:
                problems.append(f"{page.name}@{width}: {overflow} px horizontal overflow")
            if lang not in ("en", "zh-Hans"):
                problems.append(f"{page.name}: html lang is {lang!r}")
    assert not problems, "\n".join(problems)


def test_the_browser_check_sees_an_outside_request(browser, tmp_path):
    """The request check is real: a page that loads an image from another host is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><body><img src="http://198.51.100.7/x.png"></body></html>',
                   encoding="utf-8")
    browser.open(bad.as_uri(), 1280)
    time.sleep(0.3)
    browser.call("Runtime.evaluate", expression="1")
    urls = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
    assert any(u.startswith("http://198.51.100.7/") for u in urls)


def test_the_font_check_fails_without_the_embedded_face(browser, tmp_path):
    """document.fonts.check alone passes for a font that is not there; our check requires the loaded face."""
    plain = tmp_path / "plain.html"
    plain.write_text('<!DOCTYPE html><html lang="zh-Hans"><body><p>养老床位</p></body></html>', encoding="utf-8")
    browser.open(plain.as_uri(), 1280)
    font = browser.evaluate(CHECK_FONT)
    assert font["text"] == 4 and not font["loaded"]


def test_the_overflow_check_sees_a_page_too_wide_for_a_phone(browser, tmp_path):
    wide = tmp_path / "wide.html"
    wide.write_text('<!DOCTYPE html><html lang="en"><head><meta name="viewport" content="width=device-width">'
                    '</head><body><div style="width:900px">x</div></body></html>', encoding="utf-8")
    browser.open(wide.as_uri(), 375)
    assert browser.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") > 0
