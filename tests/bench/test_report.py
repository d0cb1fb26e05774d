"""What the benchmark prints: the figures table and the comparisons."""

import math

import pytest

from bench import report
from bench.load import measurement_from
from bench.report import Measurement


def row(target, rate, p50=10.0, p99=20.0, queries=None, size=None):
    return Measurement(target, rate, p50, p99, 0, 0, queries, size)


class NumberTests:
    @pytest.mark.parametrize(
        ("value", "shown"), [(1234.4, "1,234"), (10, "10"), (9.87, "9.9"), (0, "0.0")]
    )
    def test_rates_are_whole_above_ten(self, value, shown):
        assert report.rate(value) == shown

    def test_milliseconds_have_one_decimal(self):
        assert report.milliseconds(1234.56) == "1,234.6"

    def test_missing_figures_show_a_dash(self):
        assert report.count(None) == "-"
        assert report.ratio(None) == "-"


class TableTests:
    def test_rows_line_up_under_the_header(self):
        lines = report.table(
            [
                row("ceiling", 1000, queries=0),
                row("article (uncached)", 250.4, queries=12, size=200_000),
            ],
            ceiling=1000,
        ).splitlines()
        assert lines[0].split() == [
            "target", "KB", "req/s", "p50", "ms", "p99", "ms", "x", "ceiling",
            "non-2xx", "errors", "queries",
        ]  # fmt: skip
        assert set(lines[1]) == {"-", " "}
        assert len({len(line) for line in lines}) == 1
        assert lines[3].split() == [
            "article", "(uncached)", "195", "250", "10.0", "20.0", "0.25", "0", "0",
            "12",
        ]  # fmt: skip

    def test_ratio_is_against_the_ceiling_of_the_same_run(self):
        text = report.table([row("home (cached)", 850)], ceiling=1000)
        assert " 0.85 " in text


class ComparisonTests:
    def test_slowdown_divides_the_small_rate_by_the_large(self):
        assert report.slowdown(row("big", 50), row("small", 100)) == 2

    def test_slowdown_of_a_page_that_served_nothing(self):
        assert math.isinf(report.slowdown(row("big", 0), row("small", 100)))
        assert math.isnan(report.slowdown(row("big", 0), row("small", 0)))

    def test_slowdown_lines_name_each_listing(self):
        big = {"home": row("home", 90, p50=12), "tag": row("tag", 40)}
        small = {"home": row("home", 100, p50=11), "tag": row("tag", 100)}
        lines = report.slowdown_lines(big, small)
        assert lines[0].split()[:2] == ["home", "1.11x"]
        assert "12.0 ms at 100k" in lines[0]
        assert lines[1].split()[:2] == ["tag", "2.50x"]

    def test_goals_are_marked_met_or_missed(self):
        rows = {
            "article (cached)": row("article (cached)", 900),
            "article (uncached)": row("article (uncached)", 100, p99=150),
            "home (uncached)": row("home (uncached)", 400, p99=40),
        }
        small = {"home": row("home", 500)}
        lines = "\n".join(report.goal_lines(rows, 1000, small))
        assert "[   met]  article (cached) >= 0.8 of ceiling: 0.90" in lines
        assert "[MISSED]  article (uncached) >= 0.3 of ceiling: 0.10" in lines
        assert "[MISSED]  article (uncached) p99 < 100 ms: 150.0 ms" in lines
        assert "[   met]  home (uncached) p99 < 100 ms: 40.0 ms" in lines
        assert "[   met]  home at 100k <= 1.5x of 1k: 1.25x" in lines


class WrkOutputTests:
    def test_figures_come_from_the_scripts_summary_line(self):
        output = (
            "Running 15s test @ http://127.0.0.1:8000/\n"
            'BENCH {"requests": 3000, "duration_us": 15000000, "p50_us": 5250, '
            '"p99_us": 41000, "non_2xx": 2, "errors": 1}\n'
        )
        measured = measurement_from("home (cached)", output)
        assert measured == Measurement("home (cached)", 200.0, 5.25, 41.0, 2, 1)

    def test_output_without_a_summary_is_an_error(self):
        with pytest.raises(RuntimeError, match="no summary"):
            measurement_from("home", "unable to connect to 127.0.0.1:8000\n")
