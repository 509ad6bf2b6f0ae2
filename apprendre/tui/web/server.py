"""« apprendre servir »: the Textual app in the browsers of the site's own network.

Built on ``textual-serve`` (the Textual project's own server): each browser tab
is a visit, that is one ``apprendre`` process, on the same data folder as the
terminals, with the same locks. What this module adds to it:

- its own page (``templates/index.html``): French title and language, and no
  request outside this server (the stock page asks Google Fonts for a font);
- a closed tab ends the visit like « J'ai terminé »: the process is asked to
  quit, saves and frees the pseudonym (``cli/lancer.py``), and is killed if it
  has not ended after ``QUIT_DELAY`` seconds;
- a browser that vanishes mid-save or a burst of connections never stops the
  server: writes to a gone browser are dropped, and beyond ``visites_max``
  simultaneous visits a new tab is told, in French, to come back in a moment.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

log = logging.getLogger("apprendre.servir")

HERE = Path(__file__).parent
QUIT_DELAY = 30.0
"""Seconds a visit has to save and end once its tab is closed, before it is killed."""
FULL_MESSAGE = ("\r\n\r\n  Trop de visites en même temps sur ce poste.\r\n"
                "  Réessayez dans un moment, ou prévenez un médiateur.\r\n")


def command_line(arguments: list[str]) -> str:
    """One command for the shell that ``textual-serve`` starts each visit with."""
    if sys.platform == "win32":
        return subprocess.list2cmdline(arguments)
    return shlex.join(arguments)


class Visit(AppService):
    """One browser tab: one ``apprendre`` process, ended (and saved) when the tab goes."""

    async def on_data(self, payload: bytes) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await super().on_data(payload)  # a gone browser: keep reading until the app has ended

    async def on_meta(self, data: bytes) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await super().on_meta(data)

    async def stop(self) -> None:
        """Ask the app to quit (it saves, frees the pseudonym), wait, kill it if it hangs."""
        task, self._task = self._task, None
        if task is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(asyncio.shield(task), QUIT_DELAY)
        except TimeoutError:
            log.warning("Une visite ne s'est pas arrêtée en %s s : elle est arrêtée de force.", QUIT_DELAY)
            if self._process is not None and self._process.returncode is None:
                self._process.kill()
            await task
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                await asyncio.wait_for(self._process.wait(), QUIT_DELAY)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None


class ApprendreServer(Server):
    def __init__(self, command: str, host: str, port: int, visites_max: int) -> None:
        package = __import__("textual_serve").__file__
        if package is None:
            raise RuntimeError("textual-serve est installé sans ses fichiers : réinstallez-le")
        static = Path(package).parent / "static"
        super().__init__(command, host=host, port=port, title="apprendre",
                         statics_path=static, templates_path=HERE / "templates")
        self.visites_max = visites_max
        self.visits: set[Visit] = set()

    def initialize_logging(self) -> None:
        logging.basicConfig(level="DEBUG" if self.debug else "INFO", format="%(asctime)s %(message)s",
                            datefmt="%H:%M:%S")
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.on_response_prepare.append(_security_headers)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Said once the port is open (``_ready``), not before."""

    def _ready(self, *_: object) -> None:
        print(f"apprendre est servi sur {self.public_url} (au plus {self.visites_max} visites en même temps).")
        print("Ctrl+C arrête le serveur : les visites en cours sont enregistrées.", flush=True)

    def serve(self, debug: bool = False) -> None:
        """Until Ctrl+C or SIGTERM; says where it listens once it does."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for number in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C still stops it
                loop.add_signal_handler(number, self.request_exit)
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                    print=self._ready, access_log=None)

    async def on_shutdown(self, app: web.Application) -> None:
        """The server stops (Ctrl+C, systemd): every visit ends and saves first."""
        await asyncio.gather(*(visit.stop() for visit in list(self.visits)), return_exceptions=True)

    @aiohttp_jinja2.template("index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        font_size = _to_int(request.query.get("fontsize", "16"), 16)
        return {"font_size": max(8, min(font_size, 64)), "complet": len(self.visits) >= self.visites_max}

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if len(self.visits) >= self.visites_max:
            log.warning("Visite refusée : déjà %s visites en cours.", len(self.visits))
            with contextlib.suppress(ConnectionError, RuntimeError):
                await websocket.send_bytes(FULL_MESSAGE.encode("utf-8"))
                await websocket.close()
            return websocket
        width = _to_int(request.query.get("width", "80"), 80)
        height = _to_int(request.query.get("height", "24"), 24)
        async def close() -> None:
            await websocket.close()

        visit = Visit(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                      close=close, download_manager=self.download_manager, debug=self.debug)
        self.visits.add(visit)
        try:
            await visit.start(width, height)
            log.info("Nouvelle visite (processus %s) ; %s en cours.", visit.pid, len(self.visits))
            with contextlib.suppress(ConnectionError, RuntimeError, ValueError, TypeError):
                await self._process_messages(websocket, visit)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await websocket.close()
        except Exception as error:  # one visit's trouble never stops the server
            log.exception(error)
        finally:
            await visit.stop()
            self.visits.discard(visit)
            log.info("Fin d'une visite (processus %s) ; %s en cours.", visit.pid, len(self.visits))
        return websocket


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """The page may load nothing from elsewhere, even if a file asked to."""
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'")
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"


def _to_int(value: str, default: int) -> int:
    try:
        return int(value)
    except ValueError:
        return default


def serve(arguments: list[str], host: str, port: int, visites_max: int) -> None:
    """Serve ``apprendre ARGUMENTS`` (one process per tab) until Ctrl+C or SIGTERM."""
    environment_command = command_line([sys.executable, "-m", "apprendre", *arguments])
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    ApprendreServer(environment_command, host, port, visites_max).serve()
