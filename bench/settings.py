"""Settings for the benchmark: the production settings, on its own databases,
its own Redis keys, plain HTTP on the loopback, and a local reCAPTCHA double.

Everything the benchmark changes is here; the rest is newsroom.settings as a
public site runs it (DEBUG off, WhiteNoise, the page cache when PAGE_CACHE is
on, sessions in Redis).
"""

import os
import tempfile
from pathlib import Path

import environ

BIG_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
SMALL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench_small"
REDIS_DATABASE_URL = "redis://127.0.0.1:6379/11"

# Read by newsroom.settings at import. The keys are not secrets: these
# servers only ever answer the benchmark on 127.0.0.1.
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-" + "not-a-secret-" * 5)
os.environ["RECAPTCHA_PUBLIC_KEY"] = "bench-recaptcha-site-key"
os.environ["RECAPTCHA_PRIVATE_KEY"] = "bench-recaptcha-secret-key"
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", REDIS_DATABASE_URL)
# Every post comes from 127.0.0.1: the per-address flood and rate limits would
# refuse all but a few, and the posting part checks that nothing accepted is
# lost, not the limits (tests/comments/test_ratelimit.py does).
os.environ["COMMENTS_FLOOD_SECONDS"] = "0"
os.environ["COMMENTS_RATE_POSTS"] = ""
# The benchmark's keys stay apart from anything else in the same Redis, and it
# clears only these; each site (100k, 1k) has its own.
BENCH_KEY_PREFIX = os.environ.get("BENCH_KEY_PREFIX", "bench")
os.environ["REDIS_KEY_PREFIX"] = (
    f"{BENCH_KEY_PREFIX}-{os.environ.get('BENCH_SITE', 'big')}"
)

from newsroom.settings import *  # noqa: E402, F403
from newsroom.settings import DATABASES, POSTGRES_OPTIONS  # noqa: E402

ROOT_URLCONF = "bench.urls"

_env = environ.Env()
# The 100k newsroom; a server started with BENCH_DATABASE_URL set to the small
# one's URL serves that instead.
BENCH_DATABASE_URL = _env.str("BENCH_DATABASE_URL", default=BIG_DATABASE_URL)
# The 1k newsroom the listing pages are compared with.
BENCH_SMALL_DATABASE_URL = _env.str(
    "BENCH_SMALL_DATABASE_URL", default=SMALL_DATABASE_URL
)
DATABASES = {
    alias: environ.Env.db_url_config(url)
    | {
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": POSTGRES_OPTIONS,
    }
    for alias, url in [
        ("default", BENCH_DATABASE_URL),
        ("small", BENCH_SMALL_DATABASE_URL),
    ]
}

# Served over plain HTTP on the loopback, with no TLS proxy in front: the
# redirect to HTTPS and secure-only cookies would stop every request.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False

STATIC_ROOT = Path(
    _env.str(
        "BENCH_STATIC_ROOT", default=Path(tempfile.gettempdir()) / "newsroom-bench"
    )
)

# reCAPTCHA: the servers are started with RECAPTCHA_DOMAIN naming the local
# siteverify double (bench/siteverify.py) and SSL_CERT_FILE trusting its
# certificate; django-recaptcha's own client talks to it over HTTPS.
