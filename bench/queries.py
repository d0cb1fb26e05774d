"""The queries each page issues, counted and timed in-process against the 100k
database."""

import statistics
import time

from django.db import connection
from django.test import Client

SLOWEST_SHOWN = 3
# Requests before any is timed: the first of a connection plan their
# statements; from the fifth run of each, PostgreSQL has them prepared.
WARM_UP_REQUESTS = 10
TIMED_REQUESTS = 50


class TimedQueries:
    """The SQL and the time of every query run inside it, to the microsecond:
    Django's own record of queries rounds each one's time to the millisecond,
    and most of a page's take less."""

    def __init__(self):
        self.captured = []

    def __enter__(self):
        self.wrapper = connection.execute_wrapper(self)
        self.wrapper.__enter__()
        return self

    def __exit__(self, *exc_info):
        self.wrapper.__exit__(*exc_info)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        result = execute(sql, params, many, context)
        took = time.perf_counter() - started
        shown = sql if many else _with_params(sql, params)
        self.captured.append({"sql": shown, "time": took})
        return result


def _with_params(sql, params):
    """The SQL with its parameters in, as EXPLAIN takes it."""
    with connection.cursor() as cursor:
        return connection.ops.last_executed_query(cursor, sql, params)


def page_queries(paths):
    """{page: (query count, timed queries)}, from a request of each page after
    warming up (the first requests fill per-process caches)."""
    client = Client(SERVER_NAME="127.0.0.1")
    counted = {}
    for name, path in paths.items():
        for _ in range(WARM_UP_REQUESTS):
            client.get(path)
        with TimedQueries() as timed:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        counted[name] = (len(timed.captured), timed.captured)
    return counted


def page_times(paths, repeat=TIMED_REQUESTS):
    """{page: median milliseconds} for one request served in this process: what
    a page costs without queueing behind others, or other work's CPU."""
    client = Client(SERVER_NAME="127.0.0.1")
    times = {}
    for name, path in paths.items():
        for _ in range(WARM_UP_REQUESTS):
            client.get(path)
        took = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            took.append((time.perf_counter() - started) * 1000)
        times[name] = statistics.median(took)
    return times


def query_lines(queries, times, *, explain=False):
    lines = []
    for name, (count, captured) in queries.items():
        slowest = sorted(captured, key=lambda q: float(q["time"]), reverse=True)
        total = sum(float(q["time"]) for q in captured) * 1000
        top = float(slowest[0]["time"]) * 1000 if slowest else 0.0
        lines.append(
            f"  {name:<8} {count:>3} queries, {total:6.1f} ms in all, "
            f"slowest {top:5.1f} ms; the whole page {times[name]:6.1f} ms (median)"
        )
        if explain:
            lines.extend(_explained(slowest[:SLOWEST_SHOWN]))
    return lines


def _explained(queries):
    lines = []
    with connection.cursor() as cursor:
        for query in queries:
            lines.append(f"\n    {float(query['time']) * 1000:.1f} ms: {query['sql']}")
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            lines.extend(f"      {row[0]}" for row in cursor.fetchall())
    return lines
