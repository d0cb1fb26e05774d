"""The queries each page issues, counted in-process against the 100k database."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SLOWEST_SHOWN = 3
TIMED_REQUESTS = 15


def page_queries(paths):
    """{page: (query count, captured queries)}, from the second request of each
    page (the first may fill per-process caches)."""
    client = Client(SERVER_NAME="127.0.0.1")
    counted = {}
    for name, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        counted[name] = (len(captured), captured.captured_queries)
    return counted


def page_times(paths, repeat=TIMED_REQUESTS):
    """{page: median milliseconds} for one request served in this process: what
    a page costs without queueing behind others, or other work's CPU."""
    client = Client(SERVER_NAME="127.0.0.1")
    times = {}
    for name, path in paths.items():
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
