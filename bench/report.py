"""The figures the benchmark prints: one table, then the comparisons."""

from dataclasses import dataclass

CACHED_GOAL = 0.8
UNCACHED_ARTICLE_GOAL = 0.3
P99_GOAL_MS = 100
LISTING_GOAL = 1.5
COLUMNS = [
    "target",
    "KB",
    "req/s",
    "p50 ms",
    "p99 ms",
    "x ceiling",
    "non-2xx",
    "errors",
    "queries",
]
LISTINGS = ["home", "section", "tag"]


@dataclass(frozen=True)
class Measurement:
    target: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    errors: int = 0
    queries: int | None = None
    size: int | None = None


def rate(value):
    return f"{value:,.0f}" if value >= 10 else f"{value:,.1f}"


def milliseconds(value):
    return f"{value:,.1f}"


def ratio(value):
    return "-" if value is None else f"{value:.2f}"


def kilobytes(value):
    return "-" if value is None else f"{value / 1024:,.0f}"


def count(value):
    return "-" if value is None else f"{value:,}"


def table(rows: list[Measurement], ceiling: float) -> str:
    """Rows aligned under COLUMNS; the target left, every figure right."""
    cells = [COLUMNS] + [
        [
            row.target,
            kilobytes(row.size),
            rate(row.requests_per_second),
            milliseconds(row.p50_ms),
            milliseconds(row.p99_ms),
            ratio(row.requests_per_second / ceiling if ceiling else None),
            count(row.non_2xx),
            count(row.errors),
            count(row.queries),
        ]
        for row in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def slowdown(big: Measurement, small: Measurement) -> float:
    """How many times slower the page serves at scale (by requests per second);
    infinite when nothing was served at scale, NaN when nothing at all."""
    if not big.requests_per_second:
        return float("nan") if not small.requests_per_second else float("inf")
    return small.requests_per_second / big.requests_per_second


def slowdown_lines(big: dict, small: dict, labels=("100k", "1k")) -> list[str]:
    lines = []
    for name in LISTINGS:
        if name in big and name in small:
            lines.append(
                f"  {name:<8} {slowdown(big[name], small[name]):.2f}x  "
                f"(p50 {milliseconds(big[name].p50_ms)} ms at {labels[0]}, "
                f"{milliseconds(small[name].p50_ms)} ms at {labels[1]})"
            )
    return lines


def goal_lines(rows: dict[str, Measurement], ceiling: float, small: dict) -> list[str]:
    """Each target of the issue with the figure measured for it."""
    lines = []
    for name, row in rows.items():
        share = row.requests_per_second / ceiling
        if name.endswith("(cached)"):
            lines.append(
                _goal(
                    f"{name} >= {CACHED_GOAL} of ceiling",
                    share >= CACHED_GOAL,
                    f"{share:.2f}",
                )
            )
        if name == "article (uncached)":
            met = share >= UNCACHED_ARTICLE_GOAL
            lines.append(
                _goal(
                    f"{name} >= {UNCACHED_ARTICLE_GOAL} of ceiling", met, f"{share:.2f}"
                )
            )
        if name.endswith("(uncached)"):
            met = row.p99_ms < P99_GOAL_MS
            lines.append(
                _goal(
                    f"{name} p99 < {P99_GOAL_MS} ms",
                    met,
                    f"{milliseconds(row.p99_ms)} ms",
                )
            )
    for name in LISTINGS:
        big = rows.get(f"{name} (uncached)")
        if big and name in small:
            factor = slowdown(big, small[name])
            lines.append(
                _goal(
                    f"{name} at 100k <= {LISTING_GOAL}x of 1k",
                    factor <= LISTING_GOAL,
                    f"{factor:.2f}x",
                )
            )
    return lines


def _goal(text, met, figure):
    return f"  [{'met' if met else 'MISSED':>6}]  {text}: {figure}"
