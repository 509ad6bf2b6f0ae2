"""A program in a real terminal, as a person meets it: a tmux pane, keys in, text out.

``Pane`` starts a command in a pane of 80×24 (a private tmux server, so nobody
else's sessions are touched) and talks to tmux in control mode: keys are sent
through it, and tmux reports every burst of output the program writes, so that
the screen is read again (``capture-pane``) only when it may have changed.

``press`` measures what a person feels: the time from the key to the moment the
expected text is on screen, and the CPU the program spent on that key, summed
over all its threads from ``/proc/<pid>/task/*/schedstat`` (the time each
thread ran), from before the key until the program is idle again.

Needs tmux and Linux's /proc.
"""

from __future__ import annotations

import os
import queue
import shlex
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SERVER = f"apprendre-banc-{os.getpid()}"
"""One tmux server per benchmark run, with no configuration file."""


def available() -> bool:
    return bool(subprocess.run(["sh", "-c", "command -v tmux"], capture_output=True).stdout) \
        and Path("/proc/self/task").is_dir()


@dataclass
class Press:
    latency: float
    """Seconds from the key sent to the expected text on screen."""
    cpu: float
    """Seconds of CPU the program spent, all threads, until it was idle again."""


class Pane:
    """One program in one tmux pane of ``width``×``height``."""

    def __init__(self, name: str, command: list[str], *, width: int = 80, height: int = 24,
                 env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
        self.name = name
        self.pid_file = Path(f"/tmp/{SERVER}-{name}.pid")
        self.pid_file.unlink(missing_ok=True)
        environment = " ".join(f"{key}={shlex.quote(value)}" for key, value in (env or {}).items())
        shell = (f"cd {shlex.quote(str(cwd or Path.cwd()))} && echo $$ > {self.pid_file} && "
                 f"exec env TERM=xterm-256color COLORTERM=truecolor {environment} "
                 + " ".join(shlex.quote(part) for part in command))
        subprocess.run(["tmux", "-L", SERVER, "-f", "/dev/null", "new-session", "-d", "-s", name,
                        "-x", str(width), "-y", str(height), shell], check=True)
        subprocess.run(["tmux", "-L", SERVER, "set-option", "-t", name, "remain-on-exit", "on"],
                       check=True)
        self._client = subprocess.Popen(["tmux", "-L", SERVER, "-C", "attach", "-t", name],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self._lines: queue.Queue[tuple[float, bytes]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self._command(f"refresh-client -C {width}x{height}")
        deadline = time.monotonic() + 10
        while not self.pid_file.exists() or not self.pid_file.read_text().strip():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} : le programme ne démarre pas")
            time.sleep(0.01)
        self.pid = int(self.pid_file.read_text())

    # --- tmux control mode ----------------------------------------------------------------

    def _read(self) -> None:
        assert self._client.stdout is not None
        for line in self._client.stdout:
            self._lines.put((time.perf_counter(), line.rstrip(b"\n")))

    def _send(self, command: str) -> None:
        assert self._client.stdin is not None
        self._client.stdin.write(command.encode() + b"\n")

    def _command(self, command: str) -> tuple[list[bytes], float]:
        """Run a tmux command; its output lines, and the time of the last output seen before it."""
        self._send(command)
        last_output = 0.0
        body: list[bytes] | None = None
        while True:
            moment, line = self._lines.get(timeout=30)
            if line.startswith(b"%output"):
                last_output = moment
            elif line.startswith(b"%begin"):
                body = []
            elif line.startswith((b"%end", b"%error")) and body is not None:
                return body, last_output
            elif body is not None:
                body.append(line)

    def screen(self) -> str:
        lines, _ = self._command(f"capture-pane -p -t {self.name}")
        return "\n".join(line.decode("utf-8", "replace") for line in lines)

    # --- Measuring ------------------------------------------------------------------------

    def cpu(self) -> float:
        """Seconds of CPU the program ran so far, all its threads."""
        total = 0
        for task in Path(f"/proc/{self.pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, IndexError):
                continue
        return total / 1e9

    def resident(self) -> float:
        """Resident memory of the program, in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def wait_for(self, shows: Callable[[str], bool], timeout: float = 60.0) -> float:
        """Wait until the screen ``shows`` what is expected; the time of the output that put it there."""
        deadline = time.perf_counter() + timeout
        while True:
            lines, last_output = self._command(f"capture-pane -p -t {self.name}")
            if shows("\n".join(line.decode("utf-8", "replace") for line in lines)):
                return last_output or time.perf_counter()
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.name} : l'écran attendu n'arrive pas :\n" + self.screen())
            self._wait_output(deadline)

    def _wait_output(self, deadline: float) -> None:
        """Block until the program writes something (or the deadline)."""
        while True:
            try:
                _, line = self._lines.get(timeout=max(0.001, deadline - time.perf_counter()))
            except queue.Empty:
                return
            if line.startswith(b"%output"):
                return

    def settle(self, quiet: float = 0.15, timeout: float = 30.0) -> None:
        """Wait until the program has spent no CPU for ``quiet`` seconds (it finished the key)."""
        deadline = time.perf_counter() + timeout
        before = self.cpu()
        while time.perf_counter() < deadline:
            time.sleep(quiet)
            after = self.cpu()
            if after - before < 0.0005:
                return
            before = after

    def press(self, key: str, shows: Callable[[str], bool]) -> Press:
        """Send ``key`` (tmux's name: Right, Enter, v…) and measure until the screen ``shows`` it."""
        self.settle()
        while not self._lines.empty():
            self._lines.get_nowait()
        cpu = self.cpu()
        start = time.perf_counter()
        self._send(f"send-keys -t {self.name} {key}")
        shown = self.wait_for(shows)
        latency = shown - start
        self.settle()
        return Press(latency, self.cpu() - cpu)

    def type(self, keys: str) -> None:
        """Type text or a key, without measuring."""
        self._send(f"send-keys -t {self.name} {keys}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", SERVER, "kill-session", "-t", self.name], capture_output=True)
        self._client.kill()
        self._client.wait()
        self.pid_file.unlink(missing_ok=True)




def stop_server() -> None:
    subprocess.run(["tmux", "-L", SERVER, "kill-server"], capture_output=True)
