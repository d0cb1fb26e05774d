"""Article bodies hold what the article page styles, whatever is POSTed."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.test_admin import article_form
from tests.factories import make_author, make_section

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")


def saved_body(admin_client, body):
    data = article_form(make_section(), authors=[make_author()], body=body)
    response = admin_client.post(ADD, data)
    assert response.status_code == 302
    return Article.objects.get().body


class SanitizedBodyTests:
    @pytest.mark.parametrize(
        ("posted", "stored"),
        [
            ('<p>Fares<script>alert("x")</script></p>', "<p>Fares</p>"),
            ('<p onclick="steal()" onmouseover="x()">Fares</p>', "<p>Fares</p>"),
            ('<p style="position:fixed">Fares</p>', "<p>Fares</p>"),
            (
                '<p><a href="javascript:alert(1)">Fares</a></p>',
                '<p><a rel="noopener">Fares</a></p>',
            ),
            (
                '<p><a href=" JaVaScRiPt:alert(1)">Fares</a></p>',
                '<p><a rel="noopener">Fares</a></p>',
            ),
            (
                '<p><a href="data:text/html,x">Fares</a></p>',
                '<p><a rel="noopener">Fares</a></p>',
            ),
            (
                '<p><img src="x.jpg" onerror="steal()" alt=""></p>',
                '<p><img src="x.jpg" alt=""></p>',
            ),
            (
                '<iframe src="https://example.org/"></iframe><p>Fares</p>',
                "<p>Fares</p>",
            ),
            ("<svg><script>alert(1)</script></svg><p>Fares</p>", "<p>Fares</p>"),
            ("<style>p{display:none}</style><p>Fares</p>", "<p>Fares</p>"),
            ('<form action="https://example.org/"><input name="x"></form>', ""),
        ],
        ids=[
            "script",
            "handlers",
            "style",
            "javascript-url",
            "javascript-url-mixed-case",
            "data-url",
            "image-handler",
            "iframe",
            "svg-script",
            "style-element",
            "form",
        ],
    )
    def test_nothing_that_runs_or_restyles_the_page_survives(
        self, admin_client, posted, stored
    ):
        assert saved_body(admin_client, posted) == stored

    def test_no_link_can_take_hold_of_the_readers_tab(self, admin_client):
        posted = (
            '<p><a href="https://example.org/" target="_blank" rel="opener">Map</a></p>'
        )
        stored = saved_body(admin_client, posted)
        assert 'rel="noopener"' in stored
        assert "opener" not in stored.replace("noopener", "")

    def test_what_the_page_styles_is_kept(self, admin_client):
        body = (
            "<h2>Route</h2><h3>Stops</h3><p><strong>Bold</strong> and "
            '<em>italic</em>, <a href="https://example.org/map">a map</a>.</p>'
            "<blockquote><p>Quoted</p></blockquote><ul><li><p>One</p></li></ul>"
            "<ol><li><p>First</p></li></ol>"
            '<figure><img src="https://example.org/a.jpg" alt="A tram">'
            "<figcaption>The new tram</figcaption></figure>"
        )
        expected = body.replace('map">', 'map" rel="noopener">')
        assert saved_body(admin_client, body) == expected

    def test_what_the_page_does_not_style_is_reduced_to_its_text(self, admin_client):
        body = "<h4>Small</h4><table><tr><td>Cell</td></tr></table><hr><s>Gone</s>"
        stored = saved_body(admin_client, body)
        for tag in ("<h4", "<table", "<td", "<hr", "<s>"):
            assert tag not in stored
        assert "Cell" in stored

    def test_the_editor_offers_only_those_formats(self, admin_client):
        content = admin_client.get(ADD).content.decode()
        for offered in ("Bold", "Italic", "Blockquote", "Link", "Image"):
            assert f"&quot;{offered}&quot;" in content
        for withheld in ("Table", "Strike", "Subscript", "HorizontalRule"):
            assert f"&quot;{withheld}&quot;" not in content
