"""The page cache under test, on each shared store it runs on in production:
the database table, and a real Redis (REDIS_TEST_URL)."""

import os
import uuid
from dataclasses import dataclass

import pytest

DATABASE_STORE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "newsroom_page_cache",
}


@dataclass
class Store:
    name: str
    # Queries a cache hit makes: the database store reads its table once.
    queries_per_hit: int


@pytest.fixture(params=["database", "redis"])
def page_cache(request, settings):
    """The page cache turned on, over the database table or Redis."""
    settings.NEWSROOM_PAGE_CACHE = True
    if request.param == "database":
        settings.CACHES = settings.CACHES | {"pages": DATABASE_STORE}
        yield Store("database", queries_per_hit=1)
        return
    url, client = _redis_or_skip()
    prefix = f"newsroom-test-pages-{uuid.uuid4().hex}"
    settings.CACHES = settings.CACHES | {
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    try:
        yield Store("redis", queries_per_hit=0)
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def _redis_or_skip():
    import redis

    url = os.environ.get("REDIS_TEST_URL")
    if not url:
        pytest.skip(
            "REDIS_TEST_URL is not set: the page cache was NOT tested against "
            "Redis (make test sets it to redis://127.0.0.1:6379/0)"
        )
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(
            f"Redis at {url} is unreachable ({error}): the page cache was NOT "
            "tested against Redis"
        )
    return url, client
