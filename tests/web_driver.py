"""« apprendre servir » under test: the real server on a free local port, visits through its
protocol (the messages a browser tab sends), and a real headless Chromium driven through the
DevTools protocol. Every address is 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

from apprendre.storage.locations import LIVRES_ENV

KEYS = {"enter": "\r", "tab": "\t", "escape": "\x1b", "right": "\x1b[C", "left": "\x1b[D",
        "down": "\x1b[B", "up": "\x1b[A", "f10": "\x1b[21~"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``apprendre --donnees … servir --port P``, as a site runs it, with ``cours`` in place of the
    shipped library (``APPRENDRE_LIVRES``, inherited by every visit)."""

    def __init__(self, cours: Path, donnees: Path, *options: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(tempfile.mkstemp(prefix="servir-", suffix=".log")[1])
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "apprendre", "--cours", str(cours), "--donnees", str(donnees),
             "servir", "--port", str(self.port), *options],
            stdout=self._log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", LIVRES_ENV: str(cours)})
        deadline = time.monotonic() + 30
        while "apprendre est servi sur" not in self.log():
            assert self.process.poll() is None, self.log()
            assert time.monotonic() < deadline, self.log()
            time.sleep(0.1)

    def log(self) -> str:
        return self.log_path.read_text("utf-8", errors="replace")

    def visit_pids(self) -> list[int]:
        return [int(pid) for pid in re.findall(r"Nouvelle visite \(processus (\d+)\)", self.log())]

    def wait_log(self, text: str, count: int = 1, timeout: float = 40) -> None:
        deadline = time.monotonic() + timeout
        while self.log().count(text) < count:
            assert time.monotonic() < deadline, f"« {text} » never logged:\n{self.log()}"
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone for good: only its parent has not read its status yet
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return True


class Tab:
    """One browser tab as the server sees it: the websocket of textual.js."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.received = b""

    async def wait_for(self, *texts: str, timeout: float = 120) -> str:
        """Read what the app draws until every text has appeared; returns it as text."""
        deadline = time.monotonic() + timeout
        while not all(text.encode() in self.received for text in texts):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{texts} never shown; got: {self.received[-3000:].decode(errors='replace')}")
            try:
                message = await self.websocket.receive(timeout=remaining)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += message.data
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                raise AssertionError(f"the visit closed; got: {self.received[-3000:].decode(errors='replace')}")
        return self.received.decode(errors="replace")

    def forget(self) -> None:
        self.received = b""

    async def type(self, text: str) -> None:
        await self.websocket.send_json(["stdin", text])
        await asyncio.sleep(0.5)  # a person moves on once the field shows what they typed

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.websocket.send_json(["stdin", KEYS.get(key, key)])
            await asyncio.sleep(0.5)


@asynccontextmanager
async def tab(server: Server, width: int = 80, height: int = 24):  # type: ignore[no-untyped-def]
    async with aiohttp.ClientSession() as session:
        url = f"{server.url}/ws?width={width}&height={height}"
        async with session.ws_connect(url) as websocket:
            yield Tab(websocket)


# --- A real browser --------------------------------------------------------------------------

def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


TAP = """
(() => {
  // Test only: keep what the server sends to the page, to read the text drawn on the canvas.
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  window.__recu = "";
  window.WebSocket = function (url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__recu += decoder.decode(new Uint8Array(event.data), { stream: true });
      }
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""


class Browser:
    """Headless Chromium, driven through the DevTools protocol on a local port."""

    def __init__(self, executable: str, width: int = 1100, height: int = 720) -> None:
        self.profile = tempfile.mkdtemp(prefix="chromium-")
        self.process = subprocess.Popen(
            [executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--disable-background-networking", "--disable-sync",
             "--disable-component-update", "--disable-default-apps", "--no-default-browser-check",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.endpoint = self._devtools_endpoint()
        self.requests: list[str] = []
        self._next_id = 0
        self._websocket: aiohttp.ClientWebSocketResponse | None = None
        self._session: aiohttp.ClientSession | None = None

    def _devtools_endpoint(self) -> str:
        deadline = time.monotonic() + 30
        assert self.process.stderr is not None
        while time.monotonic() < deadline:
            line = self.process.stderr.readline().decode(errors="replace")
            if not line and self.process.poll() is not None:
                break
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            if found:
                return found.group(1)
        raise AssertionError("Chromium did not start its DevTools endpoint")

    async def open(self) -> None:
        port = self.endpoint.split(":")[2].split("/")[0]
        self._session = aiohttp.ClientSession()
        async with self._session.get(f"http://127.0.0.1:{port}/json/list") as response:
            targets = await response.json(content_type=None)
        page = next(t for t in targets if t["type"] == "page")
        self._websocket = await self._session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        await self.send("Network.enable")
        await self.send("Page.enable")
        await self.send("Page.addScriptToEvaluateOnNewDocument", source=TAP)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        assert self._websocket is not None
        self._next_id += 1
        ident = self._next_id
        await self._websocket.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = await self._websocket.receive(timeout=60)
            data = json.loads(message.data)
            if data.get("method") == "Network.requestWillBeSent":
                self.requests.append(data["params"]["request"]["url"])
            elif data.get("method") == "Network.webSocketCreated":
                self.requests.append(data["params"]["url"])
            if data.get("id") == ident:
                if "error" in data:
                    raise AssertionError(f"{method}: {data['error']}")
                return dict(data.get("result", {}))

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def wait_for_text(self, *texts: str, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = await self.evaluate("window.__recu || ''") or ""
            if all(text in shown for text in texts):
                return str(shown)
            assert time.monotonic() < deadline, f"{texts} never drawn; got: {shown[-2000:]}"
            await asyncio.sleep(0.3)

    async def key(self, character: str) -> None:
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        await self.send("Input.insertText", text=character)

    async def screenshot(self, path: Path) -> bytes:
        data = base64.b64decode((await self.send("Page.captureScreenshot", format="png"))["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return data

    async def close(self) -> None:
        if self._websocket is not None:
            await self._websocket.close()
        if self._session is not None:
            await self._session.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)
