"""`python -m bench`: seed, serve, load, and print the figures (no pass/fail on
speed; the exit status is 1 only when comments were lost or requests failed)."""

import os
import shutil
import sys
import tempfile
from pathlib import Path


def main():
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    # Set before Django reads its settings; the servers inherit them.
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_STATIC_ROOT"] = str(workdir / "static")
    # The in-process query counts measure the pages, not the page cache.
    os.environ["PAGE_CACHE"] = "false"
    import django

    # Start-up chatter (one JSON line per app) stays out of the figures; the
    # servers log at the level they would in production.
    level = os.environ.get("LOG_LEVEL")
    os.environ["LOG_LEVEL"] = "WARNING"
    django.setup()
    if level is None:
        del os.environ["LOG_LEVEL"]
    else:
        os.environ["LOG_LEVEL"] = level
    from .run import Config, run

    try:
        return run(Config.from_env(), workdir)
    finally:
        if os.environ.get("BENCH_KEEP"):
            print(f"The servers' logs are kept in {workdir}.")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
