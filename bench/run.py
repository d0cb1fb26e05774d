"""One benchmark run: prepare the databases, start the servers, load them,
post comments under load, print the figures."""

import os
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass, replace

import redis
from django.conf import settings
from django.core.management import call_command

from . import database, posting, report
from .load import LoadSettings, background, ensure_wrk, finish, measure
from .queries import page_queries, page_times, query_lines
from .seed import FULL, SMALL, Scale
from .servers import gunicorn
from .siteverify import siteverify_double

GZIP = "Accept-Encoding: gzip"


@dataclass(frozen=True)
class Config:
    load: LoadSettings
    scale: Scale
    small: Scale
    workers: int = 2
    readers: int = 8
    posts: int = 50
    explain: bool = False
    reseed: bool = False

    @classmethod
    def from_env(cls, env=os.environ):
        def number(name, default):
            return int(env.get(name) or default)

        load = LoadSettings(
            seconds=number("BENCH_SECONDS", 15),
            warmup=number("BENCH_WARMUP", 3),
            connections=number("BENCH_CONNECTIONS", 16),
            threads=number("BENCH_WRK_THREADS", 2),
        )
        scale = replace(
            FULL,
            articles=number("BENCH_ARTICLES", FULL.articles),
            comments=number("BENCH_COMMENTS", FULL.comments),
        )
        return cls(
            load=load,
            scale=scale,
            small=SMALL,
            workers=number("BENCH_WORKERS", 2),
            readers=number("BENCH_READERS", 8),
            posts=number("BENCH_POSTS", 50),
            explain=_flag(env, "BENCH_EXPLAIN"),
            reseed=_flag(env, "BENCH_RESEED"),
        )


def _flag(env, name):
    return env.get(name, "").lower() not in ("", "0", "false", "no")


def run(config: Config, workdir) -> int:
    ensure_wrk()
    seeded = database.prepare("default", config.scale, reseed=config.reseed)
    database.prepare("small", config.small, reseed=config.reseed)
    posting.forget_posted()
    call_command("collectstatic", interactive=False, verbosity=0)
    _clear_redis()
    paths = _paths(seeded)
    in_process = (page_queries(paths), page_times(paths))
    with ExitStack() as stack:
        servers = _start_servers(stack, config, workdir)
        article_size = _size(servers["uncached"].url + paths["article"])
        # Other work on the machine takes CPU from the servers: worth knowing.
        print(f"Load average before measuring: {os.getloadavg()[0]:.2f}")
        rows, small_rows = _measure_pages(config, servers, paths, article_size)
        lost = _post_under_load(config, servers["uncached"], paths, seeded)
    _print(config, rows, small_rows, in_process, article_size, lost)
    return 1 if lost["failed"] else 0


def _paths(seeded):
    return {
        "article": f"/articles/{seeded.article}/",
        "home": "/",
        "section": f"/section/{seeded.section}/",
        "tag": f"/tag/{seeded.tag}/",
    }


def _clear_redis():
    """Only the benchmark's own keys: the page cache starts cold."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(f"{settings.BENCH_KEY_PREFIX}-*", count=1000):
        client.delete(key)


def _start_servers(stack, config, workdir):
    double = stack.enter_context(
        siteverify_double(workdir, settings.RECAPTCHA_PRIVATE_KEY)
    )
    common = {
        "RECAPTCHA_DOMAIN": double.domain,
        "SSL_CERT_FILE": double.cert_file,
    }
    small_url = settings.BENCH_SMALL_DATABASE_URL
    instances = {
        "cached": {"PAGE_CACHE": "true"},
        "uncached": {"PAGE_CACHE": "false"},
        "small": {
            "PAGE_CACHE": "false",
            "BENCH_DATABASE_URL": small_url,
            "BENCH_SITE": "small",
        },
    }
    servers = {
        name: stack.enter_context(
            gunicorn(name, common | env, workdir=workdir, workers=config.workers)
        )
        for name, env in instances.items()
    }
    servers["double"] = double
    return servers


def _size(url, headers=()):
    fields = dict(header.split(": ", 1) for header in headers)
    request = urllib.request.Request(url, headers=fields)
    with urllib.request.urlopen(request, timeout=30) as response:
        return len(response.read())


def _measure_pages(config, servers, paths, article_size):
    """Every target; each listing at 1k right after its 100k run, so that other
    work on the machine weighs on both alike."""
    ceiling = f"/bench/ceiling/{article_size}/"
    rows = {"ceiling": _measure(config, "ceiling", servers["uncached"], ceiling)}
    small_rows = {}
    for name, path in paths.items():
        for server in ("cached", "uncached"):
            target = f"{name} ({server})"
            rows[target] = _measure(config, target, servers[server], path)
        if name == "article":
            # What browsers and CDNs get: the cached page as stored, gzipped.
            # For information; the ceiling is sent plain, so no target.
            target = "article (cached, to a browser taking gzip)"
            rows[target] = _measure(
                config, target, servers["cached"], path, headers=[GZIP]
            )
        if name in report.LISTINGS:
            target = f"{name}, 1k articles (uncached)"
            small_rows[name] = _measure(config, target, servers["small"], path)
    return rows, small_rows


def _measure(config, target, server, path, headers=()):
    measured = measure(target, server.url, [path], config.load, headers)
    return replace(measured, size=_size(server.url + path, headers))


def _post_under_load(config, server, paths, seeded):
    run = f"{int(time.time())}"
    wrk = background(server.url, list(paths.values()), config.load, seconds=1800)
    try:
        time.sleep(1)
        outcome = posting.post_comments(
            server.url,
            seeded.article,
            readers=config.readers,
            posts=config.posts,
            run=run,
        )
    finally:
        pages = finish("pages during posting", wrk)
    found = posting.check(outcome, run)
    posting.forget_posted()
    failed = bool(
        found["missing"]
        or found["refused_but_stored"]
        or outcome.errors
        or pages.errors
        or pages.non_2xx
    )
    return {"outcome": outcome, "found": found, "pages": pages, "failed": failed}


def _print(config, rows, small_rows, in_process, article_size, lost):
    load = config.load
    ceiling = rows["ceiling"].requests_per_second
    queries, times = in_process
    for name, (count, _) in queries.items():
        rows[f"{name} (uncached)"] = replace(rows[f"{name} (uncached)"], queries=count)
    rows["ceiling"] = replace(rows["ceiling"], queries=0)
    print()
    print(
        f"Newsroom benchmark: gunicorn {config.workers} sync workers, wrk "
        f"{load.connections} connections, {load.seconds} s per target after "
        f"{load.warmup} s of warm-up; {os.cpu_count()} CPUs"
    )
    print(f"Database: {config.scale.label}; {database.size('default')} on disk")
    print(
        f"Article page and ceiling page: {article_size:,} bytes (the ceiling is "
        "served by the instance with the page cache off)"
    )
    print(f"errors: socket errors and requests unanswered after {load.timeout} s\n")
    print(report.table([*rows.values(), *small_rows.values()], ceiling))
    print("\nListing pages, 100k articles against 1k (how many times slower):")
    print("\n".join(report.slowdown_lines(_listings(rows), small_rows)))
    print("\nTargets of issue 3:")
    print("\n".join(report.goal_lines(rows, ceiling, small_rows)))
    print("\nQueries and time per page, one request at a time (in-process, 100k):")
    print("\n".join(query_lines(queries, times, explain=config.explain)))
    print("\nNothing lost under load:")
    print("\n".join(posting.summary_lines(config, lost)))


def _listings(rows):
    return {name: rows[f"{name} (uncached)"] for name in report.LISTINGS}
