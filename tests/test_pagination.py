from unittest import mock

import pytest

from comments.models import Comment
from newsroom.pagination import CappedCountPaginator
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


class CappedCountPaginatorTests:
    def test_counts_exactly_below_the_cap(self):
        article = make_article()
        for _ in range(3):
            make_comment(article)
        paginator = CappedCountPaginator(Comment.objects.order_by("pk"), 2)
        assert paginator.count == 3
        assert paginator.num_pages == 2

    def test_stops_counting_at_the_cap(self, django_assert_num_queries):
        article = make_article()
        for _ in range(5):
            make_comment(article)
        with mock.patch("newsroom.pagination.COUNT_CAP", 3):
            paginator = CappedCountPaginator(Comment.objects.order_by("pk"), 2)
            with django_assert_num_queries(1) as captured:
                assert paginator.count == 3
        assert "LIMIT 4" in captured.captured_queries[0]["sql"]

    def test_moderation_queue_pages_with_it(self, admin_client):
        make_comment(make_article(), status="pending", name="Ana Queue")
        response = admin_client.get("/admin/comments/comment/")
        assert "Ana Queue" in response.text
        assert isinstance(response.context["cl"].paginator, CappedCountPaginator)
