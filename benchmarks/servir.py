"""« apprendre servir »: memory per visit and how many visits the machine holds at once.

Starts the real server on a free local port with the shipped library, opens N visits
at once through the server's protocol (as N browser tabs would), each going to the
catalogue as a guest, then measures every visit's process (PSS: its share of memory,
shared pages divided among the processes; RSS too) and the time one key press takes
to come back drawn while the others are open. Linux only (/proc). Only 127.0.0.1.

    .venv/bin/python benchmarks/servir.py 1 5 10 20
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").iterdir():
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            todo += children
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        values[key] = int(value.split()[0])
    return values["Pss"], values["Rss"]


async def open_visit(session: aiohttp.ClientSession, url: str) -> tuple[aiohttp.ClientWebSocketResponse, float]:
    started = time.perf_counter()
    websocket = await session.ws_connect(url, max_msg_size=0)
    await wait_for(websocket, b"Juste essayer", 300)
    return websocket, time.perf_counter() - started


async def wait_for(websocket: aiohttp.ClientWebSocketResponse, text: bytes, timeout: float) -> None:
    received = b""
    deadline = time.monotonic() + timeout
    while text not in received:
        message = await websocket.receive(timeout=max(0.1, deadline - time.monotonic()))
        if message.type != aiohttp.WSMsgType.BINARY:
            raise RuntimeError(f"visit closed: {message}")
        received += message.data


async def measure(count: int, server_pid: int, port: int) -> dict[str, float]:
    url = f"http://127.0.0.1:{port}/ws?width=80&height=24"
    async with aiohttp.ClientSession() as session:
        opened = await asyncio.gather(*(open_visit(session, url) for _ in range(count)))
        websockets = [websocket for websocket, _ in opened]
        for websocket in websockets:
            await websocket.send_json(["stdin", "e"])  # « Juste essayer »: the catalogue
        await asyncio.gather(*(wait_for(w, b"Choisissez un module", 300) for w in websockets))
        await asyncio.sleep(2)
        visits = [pid for pid in descendants(server_pid)
                  if b"apprendre" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        memories = [memory_kib(pid) for pid in visits]
        python_visits = [m for pid, m in zip(visits, memories)
                         if Path(f"/proc/{pid}/comm").read_text().strip().startswith("python")]
        # one key press in one tab while the others are open: « d » (Mes données) and back
        presses = []
        for _ in range(5):
            started = time.perf_counter()
            await websockets[0].send_json(["stdin", "d"])
            await wait_for(websockets[0], b"en mode invit", 60)
            presses.append(time.perf_counter() - started)
            await websockets[0].send_json(["stdin", "\x1b"])
            await wait_for(websockets[0], b"Choisissez un module", 60)
        for websocket in websockets:
            await websocket.close()
    server_pss, server_rss = memory_kib(server_pid)
    return {
        "visites": count,
        "ouverture_max_s": max(seconds for _, seconds in opened),
        "pss_par_visite_mio": statistics.mean(m[0] for m in python_visits) / 1024,
        "rss_par_visite_mio": statistics.mean(m[1] for m in python_visits) / 1024,
        "pss_total_mio": sum(m[0] for m in memories) / 1024 + server_pss / 1024,
        "serveur_rss_mio": server_rss / 1024,
        "touche_mediane_ms": statistics.median(presses) * 1000,
    }


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [1, 5, 10, 20]
    port = free_port()
    donnees = tempfile.mkdtemp(prefix="servir-banc-")
    log = Path(donnees) / "servir.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "apprendre", "--donnees", str(Path(donnees) / "donnees"), "servir",
             "--port", str(port), "--visites-max", str(max(counts))],
            stdout=output, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        while b"apprendre est servi" not in log.read_bytes():
            assert server.poll() is None, log.read_text()
            time.sleep(0.1)
        print(f"{'visites':>8} {'ouverture max':>14} {'PSS/visite':>11} {'RSS/visite':>11} "
              f"{'PSS total':>10} {'touche':>8}")
        opened = 0
        for count in counts:
            result = asyncio.run(measure(count, server.pid, port))
            opened += count
            while log.read_text("utf-8", errors="replace").count("Fin d'une visite") < opened:
                assert server.poll() is None
                time.sleep(0.2)  # the closed visits end and save before the next round
            print(f"{result['visites']:>8} {result['ouverture_max_s']:>12.1f} s {result['pss_par_visite_mio']:>7.1f} Mio "
                  f"{result['rss_par_visite_mio']:>7.1f} Mio {result['pss_total_mio']:>6.0f} Mio "
                  f"{result['touche_mediane_ms']:>5.0f} ms", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    shutil.rmtree(donnees, ignore_errors=True)


if __name__ == "__main__":
    main()
