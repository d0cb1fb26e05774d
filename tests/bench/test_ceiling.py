"""The ceiling page the benchmark compares every page with."""

import pytest

pytestmark = [pytest.mark.urls("bench.urls"), pytest.mark.django_db]


class CeilingTests:
    def test_page_has_the_size_asked_for(self, client):
        response = client.get("/bench/ceiling/5000/")
        assert response.status_code == 200
        assert len(response.content) == 5000
        assert response.content.startswith(b"<!doctype html>")

    def test_sizes_beyond_the_limits_are_not_found(self, client):
        assert client.get("/bench/ceiling/10/").status_code == 404
        assert client.get("/bench/ceiling/999999999/").status_code == 404
