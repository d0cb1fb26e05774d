"""Load from Debian's wrk, read back through bench/wrk.lua."""

import json
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .report import Measurement

SCRIPT = Path(__file__).with_name("wrk.lua")


@dataclass(frozen=True)
class LoadSettings:
    seconds: int = 15
    warmup: int = 3
    connections: int = 16
    threads: int = 2
    # Long enough that a slow answer is measured rather than dropped from the
    # latencies; gunicorn kills a request after 30 s anyway.
    timeout: int = 30


def ensure_wrk():
    """wrk on the PATH, installed from Debian's archive when it is missing."""
    if shutil.which("wrk"):
        return
    if not (shutil.which("apt-get") and os.geteuid() == 0):
        raise SystemExit("wrk is missing: install it (Debian: apt-get install wrk).")
    print("Installing wrk...")
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
        subprocess.run(install, check=True, capture_output=True)


def measure(target, url, paths, load: LoadSettings, headers=()) -> Measurement:
    """Warm up, then load `paths` on `url` for `load.seconds`, sending
    `headers` ("Name: value") with every request."""
    if load.warmup:
        _run(url, paths, load, load.warmup, headers)
    return measurement_from(target, _run(url, paths, load, load.seconds, headers))


def _command(url, paths, load, seconds, headers=()):
    extra = [part for header in headers for part in ("-H", header)]
    return [
        "wrk", f"-t{load.threads}", f"-c{load.connections}", f"-d{seconds}s",
        f"--timeout={load.timeout}s", *extra, "-s", str(SCRIPT), url, "--", *paths,
    ]  # fmt: skip


def _run(url, paths, load, seconds, headers=()):
    done = subprocess.run(
        _command(url, paths, load, seconds, headers),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def background(url, paths, load, seconds):
    """wrk running for at most `seconds`; stop it early with `finish()`."""
    return subprocess.Popen(
        _command(url, paths, load, seconds),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(target, process) -> Measurement:
    """Stop background wrk (it prints its summary on SIGINT) and read it."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=30)
    return measurement_from(target, output)


def measurement_from(target, output) -> Measurement:
    """The figures of the JSON line bench/wrk.lua prints at the end of a run."""
    line = next((x for x in output.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{output}")
    figures = json.loads(line.removeprefix("BENCH "))
    seconds = figures["duration_us"] / 1e6
    return Measurement(
        target=target,
        requests_per_second=figures["requests"] / seconds if seconds else 0.0,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        non_2xx=figures["non_2xx"],
        errors=figures["errors"],
    )
