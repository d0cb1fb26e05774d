"""/healthz as a load balancer probes it."""

from unittest import mock

import pytest
from django.db import OperationalError

from .servers import free_port

pytestmark = pytest.mark.django_db


def unreachable_redis():
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
    }


class HealthTests:
    def test_answers_ok_when_the_database_and_the_caches_answer(self, client):
        answer = client.get("/healthz")
        assert answer.status_code == 200
        assert answer.json() == {"status": "ok"}

    def test_names_the_page_cache_when_it_does_not_answer(self, client, settings):
        settings.CACHES = settings.CACHES | {"pages": unreachable_redis()}
        answer = client.get("/healthz")
        assert answer.status_code == 503
        assert answer.json() == {"status": "unavailable", "failing": ["cache:pages"]}

    def test_names_the_default_cache_when_it_does_not_answer(self, client, settings):
        settings.CACHES = settings.CACHES | {"default": unreachable_redis()}
        answer = client.get("/healthz")
        assert answer.status_code == 503
        assert answer.json()["failing"] == ["cache:default"]

    def test_names_the_database_when_it_does_not_answer(self, client):
        with mock.patch("newsroom.health.connection") as connection:
            connection.cursor.side_effect = OperationalError("connection refused")
            answer = client.get("/healthz")
        assert answer.status_code == 503
        assert answer.json()["failing"] == ["database"]

    def test_answers_a_probe_by_address_whatever_the_allowed_hosts(self, client):
        answer = client.get("/healthz", HTTP_HOST="10.0.3.17:8000")
        assert answer.status_code == 200

    def test_answers_over_plain_http_when_pages_redirect_to_https(
        self, client, settings
    ):
        settings.SECURE_SSL_REDIRECT = True
        assert client.get("/").status_code == 301
        assert client.get("/healthz").status_code == 200

    def test_is_never_cached(self, client, settings):
        settings.NEWSROOM_PAGE_CACHE = True
        assert client.get("/healthz").status_code == 200
        settings.CACHES = settings.CACHES | {"default": unreachable_redis()}
        answer = client.get("/healthz")
        assert answer.status_code == 503
        assert "no-store" in answer["Cache-Control"]
        assert "X-Page-Cache" not in answer
