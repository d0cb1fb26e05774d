"""Per-address limits on comment posts and reports, counted in the cache."""

import logging
import os
import socket
import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from comments import ratelimit
from comments.ratelimit import REPORT, Rate, check_and_count, hit, parse_rate

POST = ratelimit.POST


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(params=["memory", "redis"])
def store(request, settings):
    """The default cache as in development (process memory) and production
    (Redis, with REDIS_TEST_URL)."""
    if request.param == "memory":
        yield
        return
    url = os.environ.get("REDIS_TEST_URL")
    if not url:
        pytest.skip("REDIS_TEST_URL is not set: limits NOT tested against Redis")
    prefix = f"newsroom-test-{uuid.uuid4().hex}"
    settings.CACHES = settings.CACHES | {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def cache_down(settings):
    down = {
        "BACKEND": "newsroom.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
    }
    settings.CACHES = settings.CACHES | {"default": down}


def at(seconds):
    """Freeze the limits' clock."""
    return mock.patch("comments.ratelimit.time.time", return_value=seconds)


class ParseRateTests:
    @pytest.mark.parametrize(
        ("text", "rate"),
        [
            ("5/10m", Rate(5, 600, "10 minutes")),
            ("10/h", Rate(10, 3600, "an hour")),
            ("3/30s", Rate(3, 30, "30 seconds")),
            ("100/d", Rate(100, 86400, "a day")),
            ("1/2h", Rate(1, 7200, "2 hours")),
        ],
    )
    def test_reads_count_per_period(self, text, rate):
        assert parse_rate(text) == rate

    def test_empty_means_no_limit(self):
        assert parse_rate("") is None

    @pytest.mark.parametrize("text", ["5", "5/", "five/m", "5/10x", "5/m/h"])
    def test_nonsense_is_a_configuration_error(self, text):
        with pytest.raises(ImproperlyConfigured, match="5/10m"):
            parse_rate(text)


class PostLimitTests:
    @pytest.fixture(autouse=True)
    def three_per_ten_minutes(self, settings):
        settings.COMMENTS_RATE_POSTS = "3/10m"

    def test_up_to_the_limit_goes_ahead(self, store):
        with at(1_800_200):
            assert [check_and_count(POST, "203.0.113.7") for _ in range(3)] == [
                None
            ] * 3

    def test_over_the_limit_says_how_long_to_wait(self, store):
        # 1,800,200 s is 200 s into a ten-minute window: 400 s (7 min) left.
        with at(1_800_200):
            for _ in range(3):
                check_and_count(POST, "203.0.113.7")
            assert check_and_count(POST, "203.0.113.7") == (
                "You have posted 3 comments in 10 minutes, the most we accept "
                "from one address. Your comment is kept below: please post it "
                "again in 7 minutes."
            )

    def test_the_next_window_starts_afresh(self, store):
        with at(1_800_200):
            for _ in range(4):
                check_and_count(POST, "203.0.113.7")
        with at(1_800_800):
            assert check_and_count(POST, "203.0.113.7") is None

    def test_each_address_has_its_own_count(self, store):
        with at(1_800_200):
            for _ in range(3):
                check_and_count(POST, "203.0.113.7")
            assert check_and_count(POST, "203.0.113.8") is None
            assert check_and_count(POST, "2001:db8::1") is None

    def test_an_ipv6_block_of_64_counts_as_one_address(self, store):
        with at(1_800_200):
            for host in ("2001:db8::1", "2001:db8::2", "2001:db8::ffff:1"):
                check_and_count(POST, host)
            assert check_and_count(POST, "2001:db8:0:0:abcd::9") is not None
            assert check_and_count(POST, "2001:db8:0:1::1") is None

    def test_posts_and_reports_are_counted_apart(self, store):
        with at(1_800_200):
            for _ in range(3):
                check_and_count(POST, "203.0.113.7")
            assert check_and_count(REPORT, "203.0.113.7") is None

    def test_an_empty_setting_turns_the_limit_off(self, settings):
        settings.COMMENTS_RATE_POSTS = ""
        assert all(check_and_count(POST, "203.0.113.7") is None for _ in range(9))

    def test_without_an_address_nothing_is_counted(self):
        assert all(check_and_count(POST, None) is None for _ in range(9))


class ReportLimitTests:
    def test_reports_are_limited_by_their_own_setting(self, store, settings):
        settings.COMMENTS_RATE_REPORTS = "2/h"
        request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
        with at(1_800_200):
            assert hit(request, REPORT) is None
            assert hit(request, REPORT) is None
            assert hit(request, REPORT) == (
                "You have reported 2 comments in an hour, the most we accept "
                "from one address. Please try again in 57 minutes."
            )

    def test_hit_counts_the_address_the_request_came_from(self, settings):
        settings.COMMENTS_RATE_REPORTS = "1/h"
        request = RequestFactory().post(
            "/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1"
        )
        hit(request, REPORT)
        assert check_and_count(REPORT, "203.0.113.7") is not None
        assert check_and_count(REPORT, "198.51.100.1") is None


class FloodTests:
    def test_a_second_comment_within_the_seconds_is_refused(self, store):
        assert ratelimit.too_soon("203.0.113.7") is None
        assert ratelimit.too_soon("203.0.113.7") == (
            "Please wait a few seconds before posting again. "
            "Your comment is kept below."
        )
        assert ratelimit.too_soon("203.0.113.8") is None

    def test_zero_seconds_turns_it_off(self, settings):
        settings.COMMENTS_FLOOD_SECONDS = 0
        assert ratelimit.too_soon("203.0.113.7") is None
        assert ratelimit.too_soon("203.0.113.7") is None


class CacheDownTests:
    """With the cache unreachable the limits let everything through and say
    so in the log: readers can still comment, behind reCAPTCHA and moderation."""

    def test_posts_go_ahead(self, cache_down, settings, caplog):
        settings.COMMENTS_RATE_POSTS = "1/h"
        with caplog.at_level(logging.WARNING, logger="comments.ratelimit"):
            results = [check_and_count(POST, "203.0.113.7") for _ in range(3)]
        assert results == [None] * 3
        assert "Cache unavailable: post limit not applied" in caplog.text

    def test_the_flood_limit_goes_ahead(self, cache_down, caplog):
        assert ratelimit.too_soon("203.0.113.7") is None
        assert ratelimit.too_soon("203.0.113.7") is None
        assert "flood limit not applied" in caplog.text
