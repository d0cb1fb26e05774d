"""Real servers for the production tests: gunicorn, moto's S3, and the
PostgreSQL database and Redis keys they share, each bounded in time and
always stopped."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# No server a test starts may outlive this, whatever happens to the test.
SERVER_LIFETIME = 180
POSTGRES_URL = os.environ.get(
    "POSTGRES_TEST_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(**overrides) -> dict:
    """The environment of a production deployment behind one HTTPS proxy."""
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "RECAPTCHA_PUBLIC_KEY": "production-site-key",
        "RECAPTCHA_PRIVATE_KEY": "production-secret-key",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PROXY_COUNT": "1",
        "WEB_CONCURRENCY": "2",
    }
    return env | overrides


def manage(env: dict, *args: str, timeout: int = 120) -> str:
    """Run manage.py as an operator would; its output, or the test fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@contextmanager
def running(command: list, *, env: dict, ready_url: str, log: Path):
    """Start a server in its own process group; stop the group afterwards."""
    bounded = ["timeout", "-k", "5", str(SERVER_LIFETIME), *command]
    with log.open("wb") as output:
        process = subprocess.Popen(
            bounded,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_up(process, ready_url, log)
        yield process
    finally:
        _stop(process)


def _wait_until_up(process, url, log, limit=30):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} exited at start:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {limit}s:\n{log.read_text()}")


def _stop(process):
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def gunicorn(env: dict, log: Path):
    """`gunicorn newsroom.wsgi` on a free port; yields its base URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running(
        [str(BIN / "gunicorn"), "newsroom.wsgi"],
        env=env | {"PORT": str(port)},
        ready_url=f"{url}/healthz",
        log=log,
    ):
        yield url


@contextmanager
def postgres_database():
    """A fresh PostgreSQL database of our own, dropped afterwards; its URL."""
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(
            f"!!! No PostgreSQL at {POSTGRES_URL} ({error}): the production "
            "server tests were SKIPPED. Set POSTGRES_TEST_URL to run them."
        )
    name = f"newsroom_prod_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def redis_prefix():
    """A Redis URL and a key prefix of our own; our keys are deleted afterwards."""
    redis = pytest.importorskip("redis")
    url = os.environ.get("REDIS_TEST_URL")
    if not url:
        pytest.skip(
            "!!! REDIS_TEST_URL is not set: the production server tests were "
            "SKIPPED (make test sets it to redis://127.0.0.1:6379/0)."
        )
    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"!!! No Redis at {url} ({error}): production tests SKIPPED.")
    prefix = f"newsroom-test-{uuid.uuid4().hex[:12]}"
    try:
        yield url, prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()
