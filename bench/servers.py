"""gunicorn instances for the benchmark, each on a free port of 127.0.0.1.

Every instance runs under `timeout`, so one left behind by a crash stops by
itself; normally it is stopped (its whole process group) when the run ends.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
READY_PATH = "/bench/ceiling/200/"


@dataclass(frozen=True)
class Server:
    name: str
    url: str
    log: Path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(name, env, *, workdir, workers=2, lifetime=3600):
    """A running gunicorn with `env` added to this process's environment."""
    port = free_port()
    log = workdir / f"{name}.log"
    command = ["timeout", f"{lifetime}s", sys.executable, "-m", "gunicorn"]
    if (BASE_DIR / "gunicorn.conf.py").exists():
        # The production configuration (its logging, timeouts), as `make serve`.
        command += ["--config", str(BASE_DIR / "gunicorn.conf.py")]
    command += ["--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
    command.append("newsroom.wsgi")
    environment = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings"} | env
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name, f"http://127.0.0.1:{port}", log)
    try:
        _wait_until_ready(server, process)
        yield server
    finally:
        _stop(process)


def _wait_until_ready(server, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(server.url + READY_PATH, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    tail = server.log.read_text()[-3000:]
    raise RuntimeError(f"gunicorn {server.name} did not start:\n{tail}")


def _stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
