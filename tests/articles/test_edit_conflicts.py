"""Two people editing one article: the second to save is stopped, told who
saved in between, and keeps their own changes in the form."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.test_roles import edited
from tests.factories import make_article, make_user, signed_in

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def article():
    return make_article(
        status=Article.Status.DRAFT, published_at=None, headline="Tram line delayed"
    )


@pytest.fixture
def ada():
    return make_user(role="Editor", first_name="Ada", last_name="Byrne")


@pytest.fixture
def ben():
    return make_user(role="Editor", first_name="Ben", last_name="Ode")


def opened(client, article):
    """The form as the change page gives it: its hidden version included."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = client.get(url).context["adminform"].form
    return url, form["opened_version"].value()


class EditConflictTests:
    def test_second_save_is_stopped_naming_who_saved_and_keeping_the_text(
        self, article, ada, ben
    ):
        first, second = signed_in(ada), signed_in(ben)
        url, ada_version = opened(first, article)
        _, ben_version = opened(second, article)

        saved = first.post(
            url,
            edited(
                article, headline="Tram line opens in May", opened_version=ada_version
            ),
        )
        stopped = second.post(
            url,
            edited(
                article, headline="Tram line delayed again", opened_version=ben_version
            ),
        )

        assert saved.status_code == 302
        assert stopped.status_code == 200
        content = stopped.content.decode()
        assert "Ada Byrne saved this article at" in content
        assert 'value="Tram line delayed again"' in content
        article.refresh_from_db()
        assert article.headline == "Tram line opens in May"

    def test_saving_again_after_the_warning_is_a_choice_that_goes_through(
        self, article, ada, ben
    ):
        first, second = signed_in(ada), signed_in(ben)
        url, version = opened(first, article)
        first.post(url, edited(article, headline="Ada's", opened_version=version))
        stopped = second.post(
            url, edited(article, headline="Ben's", opened_version=version)
        )
        resent = stopped.context["adminform"].form["opened_version"].value()

        again = second.post(
            url, edited(article, headline="Ben's", opened_version=resent)
        )

        assert again.status_code == 302
        article.refresh_from_db()
        assert article.headline == "Ben's"
        assert article.updated_by == ben

    def test_a_publication_meanwhile_stops_an_older_form(self, article, ada, ben):
        url, version = opened(signed_in(ben), article)
        signed_in(ada).post(
            CHANGELIST, {"action": "publish", "_selected_action": [article.pk]}
        )

        stopped = signed_in(ben).post(
            url, edited(article, headline="Ben's", opened_version=version)
        )

        assert stopped.status_code == 200
        assert "Ada Byrne saved this article" in stopped.content.decode()
        article.refresh_from_db()
        assert article.is_published
        assert article.headline == "Tram line delayed"

    def test_a_form_without_its_version_is_not_saved(self, article, ada):
        url = reverse("admin:articles_article_change", args=[article.pk])
        data = edited(article, headline="Blind save")
        del data["opened_version"]

        response = signed_in(ada).post(url, data)

        assert response.status_code == 200
        article.refresh_from_db()
        assert article.headline == "Tram line delayed"

    def test_one_persons_successive_saves_never_conflict(self, article, ada):
        client = signed_in(ada)
        for headline in ("First take", "Second take", "Third take"):
            url, version = opened(client, article)
            response = client.post(
                url, edited(article, headline=headline, opened_version=version)
            )
            assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "Third take"
        assert article.version == 4
