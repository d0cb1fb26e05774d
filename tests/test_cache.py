import os
import uuid

import pytest

from newsroom.cache import RedisCache


@pytest.fixture
def redis_cache():
    url = os.environ.get("REDIS_TEST_URL")
    if not url:
        pytest.skip(
            "REDIS_TEST_URL is not set: the Redis cache backend was NOT tested "
            "(make test sets it)"
        )
    cache = RedisCache(url, {"KEY_PREFIX": f"newsroom-test-{uuid.uuid4().hex}"})
    try:
        cache.get("probe")
    except Exception as error:  # noqa: BLE001 - any failure means no Redis here
        pytest.skip(f"Redis at {url} is unreachable ({error}): backend NOT tested")
    yield cache
    # Only our own keys: clear() would empty the whole Redis database.
    cache.delete_many(["probe", "page"])


class RedisCacheTests:
    def test_stores_reads_and_deletes_like_djangos_backend(self, redis_cache):
        redis_cache.set("page", {"content": b"<html>"}, timeout=30)
        assert redis_cache.get_many(["page", "absent"]) == {
            "page": {"content": b"<html>"}
        }
        redis_cache.delete("page")
        assert redis_cache.get("page") is None

    def test_one_client_serves_every_call(self, redis_cache):
        client = redis_cache._cache.get_client()
        assert redis_cache._cache.get_client(write=True) is client
