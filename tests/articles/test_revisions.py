"""Revisions of articles through the admin: kept on every save, listed,
compared field by field, restored in one click by whoever may change the
article."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
import reversion
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Revision, Version

from articles.models import Article, Correction
from articles.renditions import refresh_renditions
from articles.services import article_publish, article_unpublish
from newsroom.pagecache import GENERATION_KEY
from tests.factories import (
    make_analysis,
    make_article,
    make_author,
    make_image_file,
    make_lens,
    make_user,
)

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """The (name, value) pairs a browser sends from the admin's article form
    as it was served: filled fields, ticked boxes, chosen options."""

    def __init__(self):
        super().__init__()
        self.pairs, self.in_form, self.select, self.textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if tag == "form":
            self.in_form = attrs.get("id") == "article_form"
        elif not self.in_form or "__prefix__" in name:
            return
        elif tag == "input" and name and self._sent(attrs):
            default = "on" if attrs.get("type") == "checkbox" else ""
            self.pairs.append((name, attrs.get("value") or default))
        elif tag == "textarea":
            self.textarea = (name, [])
        elif tag == "select":
            self.select = (name, "multiple" in attrs, [], [])
        elif tag == "option" and self.select:
            _, _, options, chosen = self.select
            options.append(attrs.get("value", ""))
            if "selected" in attrs:
                chosen.append(attrs.get("value", ""))

    def _sent(self, attrs):
        kind = attrs.get("type", "text")
        if kind in ("checkbox", "radio"):
            return "checked" in attrs
        return kind not in ("file", "submit")

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            name, text = self.textarea
            self.pairs.append((name, "".join(text).removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select:
            name, multiple, options, chosen = self.select
            # A single choice with none marked sends the first option.
            if not chosen and not multiple and options:
                chosen = options[:1]
            self.pairs.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "form":
            self.in_form = False


def form_data(client, url):
    """The article form at `url` as a browser would post it back unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.pairs:
        data.setdefault(name, []).append(value)
    return data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def compare_url(article):
    return reverse("admin:articles_article_compare", args=[article.pk])


def restore_url(article, version):
    return reverse("admin:articles_article_restore", args=[article.pk, version.pk])


def make_staff(role, **names):
    return make_user(role=role, **names)


def signed_in(client, role, **names):
    user = make_staff(role, **names)
    client.force_login(user)
    return user


def with_history(article, by):
    """`article` as if it had been saved once, by `by`, with revisions on."""
    with reversion.create_revision():
        reversion.add_to_revision(article)
        reversion.set_user(by)
        reversion.set_comment("Added.")
    return article


def edit(client, article, **changes):
    """Open the article's change form, change `changes`, save it."""
    data = form_data(client, change_url(article))
    data |= {name: [str(value)] for name, value in changes.items()}
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return response


def versions(article):
    """The article's versions, newest first."""
    return list(Version.objects.get_for_object(article).select_related("revision"))


def draft(**overrides):
    return make_article(status=Article.Status.DRAFT, published_at=None, **overrides)


class RevisionKeepingTests:
    def test_each_save_in_the_admin_keeps_a_revision_with_who_and_what(self, client):
        editor = signed_in(client, "Editor", first_name="Ada", last_name="Byrne")
        article = with_history(make_article(), by=editor)

        edit(client, article, headline="Council approves the budget")

        newest = versions(article)[0].revision
        assert len(versions(article)) == 2
        assert newest.user == editor
        assert newest.comment == "Changed Headline."

    def test_inline_changes_are_in_the_same_revision(self, client):
        signed_in(client, "Editor")
        lens = make_lens(name="Economic")
        article = with_history(make_article(tags=["housing"]), by=None)
        revisions_before = Revision.objects.count()

        edit(
            client,
            article,
            headline="Rents rise again",
            tags="housing, rents",
            **{
                "analysis_entries-TOTAL_FORMS": 1,
                "analysis_entries-0-lens": lens.pk,
                "analysis_entries-0-text": "Landlords pass on the new tax.",
                "analysis_entries-0-position": 0,
            },
        )

        assert Revision.objects.count() == revisions_before + 1
        newest = versions(article)[0].revision
        kept = {version.object_repr for version in newest.version_set.all()}
        assert "Rents rise again" in kept
        assert f"{lens.name}: Rents rise again" in kept
        assert "Rents rise again tagged with rents" in kept
        assert "Economic" in newest.comment

    def test_first_edit_of_an_article_without_revisions_keeps_its_state_before(
        self, client
    ):
        signed_in(client, "Editor")
        article = make_article(headline="Imported before revisions")

        edit(client, article, headline="Edited in the admin")

        oldest = versions(article)[-1]
        assert len(versions(article)) == 2
        assert oldest.field_dict["headline"] == "Imported before revisions"
        assert oldest.revision.comment == "As it was before its revisions were kept."

    def test_adding_an_article_keeps_its_first_revision(self, client):
        editor = signed_in(client, "Editor")
        author, section = make_author(), make_article().section
        add = reverse("admin:articles_article_add")
        data = form_data(client, add)
        data |= {
            "headline": ["Night buses return"],
            "slug": ["night-buses-return"],
            "standfirst": ["The service cut last winter runs again."],
            "body": ["<p>From Monday the buses run again.</p>"],
            "section": [section.pk],
            "bylines-0-author": [author.pk],
        }

        response = client.post(add, data)

        assert response.status_code == 302
        article = Article.objects.get(slug="night-buses-return")
        (only,) = versions(article)
        assert only.revision.user == editor
        assert only.revision.comment.startswith("Added.")
        kept = {version.object_repr for version in only.revision.version_set.all()}
        assert f"{author.name} on Night buses return" in kept


class HistoryPageTests:
    def test_lists_every_revision_newest_first_with_names_and_changes(self, client):
        editor = signed_in(client, "Editor", first_name="Ada", last_name="Byrne")
        writer = make_staff("Writer", first_name="Zora", last_name="Quill")
        article = with_history(make_article(), by=writer)

        edit(client, article, headline="First change")
        edit(client, article, standfirst="Second change.")
        response = client.get(history_url(article))

        content = response.content.decode()
        assert response.status_code == 200
        assert content.count('name="old"') == 3
        assert content.count("Ada Byrne") == 2
        assert "Zora Quill" in content
        assert content.index("Changed Standfirst.") < content.index("Changed Headline.")
        assert content.index("Changed Headline.") < content.index("Zora Quill")
        assert content.count("Restore this version") == 2
        assert editor.get_full_name() in content

    def test_offers_each_older_version_to_restore_in_one_click(self, client):
        signed_in(client, "Editor")
        article = with_history(make_article(headline="The old headline"), by=None)
        edit(client, article, headline="The new headline")
        old = versions(article)[-1]

        content = client.get(history_url(article)).content.decode()

        assert f'action="{restore_url(article, old)}"' in content
        assert 'method="post"' in content

    def test_a_writer_sees_the_history_of_another_article_but_no_restore(self, client):
        signed_in(client, "Writer")
        article = with_history(make_article(), by=None)
        with_history(article, by=None)

        response = client.get(history_url(article))

        assert response.status_code == 200
        assert "Restore this version" not in response.content.decode()

    def test_query_count_does_not_grow_with_revisions(
        self, client, django_assert_max_num_queries
    ):
        signed_in(client, "Editor")
        article = with_history(make_article(), by=make_staff("Writer"))
        edit(client, article, headline="One edit")
        with CaptureQueriesContext(connection) as few:
            assert client.get(history_url(article)).status_code == 200
        for _ in range(10):
            with_history(article, by=make_staff("Writer"))

        with django_assert_max_num_queries(len(few)):
            response = client.get(history_url(article))

        assert response.content.decode().count('name="old"') == 12

    def test_an_article_without_revisions_says_so(self, client):
        signed_in(client, "Editor")
        article = make_article()

        response = client.get(history_url(article))

        assert "No revisions yet" in response.content.decode()


def compare(client, article, old, new):
    return client.get(compare_url(article), {"old": old.pk, "new": new.pk})


def row(content, label):
    """The compare page's table row for `label`."""
    start = content.index(f'<th scope="row">{label}')
    return content[start : content.index("</tr>", start)]


class ComparePageTests:
    def test_marks_the_changed_headline_and_body_words(self, client):
        signed_in(client, "Editor")
        article = with_history(
            make_article(
                headline="Council delays the budget",
                body="<p>The vote was put off until March.</p><p>Unchanged.</p>",
            ),
            by=None,
        )
        edit(
            client,
            article,
            headline="Council passes the budget",
            body="<p>The vote was held on Tuesday.</p><p>Unchanged.</p>",
        )
        new, old = versions(article)

        response = compare(client, article, old, new)

        content = response.content.decode()
        assert response.status_code == 200
        headline = row(content, "Headline")
        assert "changed" in headline
        assert "<del>delays</del>" in headline
        assert "<ins>passes</ins>" in headline
        body = row(content, "Body")
        assert "<del>put off until March</del>" in body
        assert "<ins>held on Tuesday</ins>" in body
        assert "<ins>Unchanged.</ins>" not in body
        assert "changed" not in row(content, "Standfirst")

    def test_a_change_of_formatting_alone_marks_the_body_changed(self, client):
        signed_in(client, "Editor")
        article = with_history(make_article(body="<p>Plain words.</p>"), by=None)
        edit(client, article, body="<p><strong>Plain</strong> words.</p>")
        new, old = versions(article)

        content = compare(client, article, old, new).content.decode()

        assert "changed" in row(content, "Body")
        assert "<strong>" not in row(content, "Body")

    def test_older_is_on_the_left_whichever_way_they_were_picked(self, client):
        signed_in(client, "Editor")
        article = with_history(make_article(headline="Before"), by=None)
        edit(client, article, headline="After")
        new, old = versions(article)

        content = compare(client, article, new, old).content.decode()

        assert "<del>Before</del>" in row(content, "Headline")

    def test_stored_html_is_shown_escaped(self, client):
        signed_in(client, "Editor")
        article = with_history(
            make_article(headline="Plain", body="<p>Plain body.</p>"), by=None
        )
        edit(
            client,
            article,
            headline="<script>alert(1)</script> Loud",
            body="<p>Type &lt;img src=x onerror=alert(2)&gt; here.</p>",
        )
        new, old = versions(article)

        content = compare(client, article, old, new).content.decode()

        assert "<script>alert(1)" not in content
        assert "&lt;script&gt;" in row(content, "Headline")
        assert "<img src=x" not in content
        assert "&lt;img" in row(content, "Body")

    def test_shows_byline_tags_analysis_corrections_and_related_by_name(self, client):
        signed_in(client, "Editor")
        first, second = make_author(name="Ada Byrne"), make_author(name="Zora Quill")
        lens = make_lens(name="Economic")
        other = make_article(headline="Earlier story")
        article = with_history(make_article(authors=[first], tags=["rents"]), by=None)
        edit(
            client,
            article,
            tags="rents, housing",
            related_articles=other.pk,
            **{
                "bylines-TOTAL_FORMS": 2,
                "bylines-1-author": second.pk,
                "bylines-1-position": 1,
                "analysis_entries-TOTAL_FORMS": 1,
                "analysis_entries-0-lens": lens.pk,
                "analysis_entries-0-text": "Costs pass to tenants.",
                "analysis_entries-0-position": 0,
                "corrections-TOTAL_FORMS": 1,
                "corrections-0-kind": "correction",
                "corrections-0-text": "The rise is 4%, not 40%.",
                "corrections-0-published_at_0": "2025-05-03",
                "corrections-0-published_at_1": "10:00:00",
            },
        )
        new, old = versions(article)

        content = compare(client, article, old, new).content.decode()

        assert "<ins>Zora Quill</ins>" in row(content, "Byline")
        assert "Ada Byrne" in row(content, "Byline")
        assert "<ins>housing</ins>" in row(content, "Tags")
        assert "<ins>Economic: Costs pass to tenants.</ins>" in row(content, "Analysis")
        assert "4%, not 40%" in row(content, "Corrections")
        assert "<ins>Earlier story</ins>" in row(content, "Related articles")
        assert "changed" not in row(content, "Status and date")

    @pytest.mark.parametrize(
        ("choice", "message"),
        [
            ({}, "Pick two versions"),
            ({"old": "abc", "new": "1"}, "Pick two versions"),
            ({"old": "²", "new": "1"}, "Pick two versions"),
            ({"old": "7", "new": "7"}, "Pick two different versions"),
            ({"old": "99999999999999999", "new": "1"}, "not in this history"),
        ],
    )
    def test_a_bad_choice_goes_back_to_the_history_with_a_message(
        self, client, choice, message
    ):
        signed_in(client, "Editor")
        article = with_history(make_article(), by=None)

        response = client.get(compare_url(article), choice, follow=True)

        assert response.redirect_chain[-1][0] == history_url(article)
        assert message in response.content.decode()

    def test_the_same_version_twice_or_another_articles_version_is_refused(
        self, client
    ):
        signed_in(client, "Editor")
        article = with_history(make_article(), by=None)
        other = with_history(make_article(), by=None)
        (own,), (foreign,) = versions(article), versions(other)

        same = client.get(compare_url(article), {"old": own.pk, "new": own.pk})
        mixed = compare(client, article, own, foreign)

        assert same.status_code == mixed.status_code == 302
        messages = [str(m) for m in get_messages(mixed.wsgi_request)]
        assert "One of the versions you picked is not in this history." in messages


def restore(client, article, version):
    return client.post(restore_url(article, version))


class RestoreTests:
    def test_brings_back_the_old_content_and_leaves_a_published_story_published(
        self, client
    ):
        editor = signed_in(client, "Editor", first_name="Ada", last_name="Byrne")
        first, second = make_author(name="Ada Byrne"), make_author(name="Zora Quill")
        lens = make_lens()
        article = make_article(
            headline="Council delays the budget",
            body="<p>The vote was put off.</p>",
            authors=[first],
            tags=["budget"],
            published_at=timezone.now() - timedelta(days=2),
            is_featured=True,
        )
        make_analysis(article, lens, text="The old analysis.")
        with_history(article, by=editor)
        old = versions(article)[0]
        edit(
            client,
            article,
            headline="Council passes the budget",
            body="<p>The vote was held.</p>",
            tags="budget, council",
            **{"bylines-0-author": second.pk, "analysis_entries-0-text": "New."},
        )
        Correction.objects.create(article=article, text="The vote was on Tuesday.")
        published_at, version_before = article.published_at, article.version

        response = restore(client, article, old)

        article.refresh_from_db()
        assert response.status_code == 302
        assert response.url == change_url(article)
        assert article.headline == "Council delays the budget"
        assert article.body == "<p>The vote was put off.</p>"
        assert [author.name for author in article.byline_authors] == ["Ada Byrne"]
        assert sorted(article.tags.names()) == ["budget"]
        assert [entry.text for entry in article.analysis_entries.all()] == [
            "The old analysis."
        ]
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at == published_at
        assert article.is_featured
        assert article.corrections.count() == 1
        assert article.version == version_before + 1
        assert article.updated_by == editor

    def test_restoring_an_old_draft_never_publishes_or_unpublishes(self, client):
        signed_in(client, "Editor")
        article = with_history(draft(headline="Draft headline"), by=None)
        old = versions(article)[0]
        article_publish(article=article)
        edit(client, article, headline="Published headline")

        restore(client, article, old)

        article.refresh_from_db()
        assert article.headline == "Draft headline"
        assert article.is_published

        unpublished = with_history(make_article(headline="Was live"), by=None)
        live = versions(unpublished)[0]
        article_unpublish(article=unpublished)

        restore(client, unpublished, live)

        unpublished.refresh_from_db()
        assert unpublished.status == Article.Status.UNPUBLISHED

    def test_keeps_a_new_revision_naming_the_version_restored(self, client):
        signed_in(client, "Editor", first_name="Ada", last_name="Byrne")
        writer = make_staff("Writer", first_name="Zora", last_name="Quill")
        article = with_history(make_article(headline="Old"), by=writer)
        old = versions(article)[0]
        edit(client, article, headline="New")

        response = restore(client, article, old)

        newest = versions(article)[0]
        when = date_format(
            timezone.localtime(old.revision.date_created), "DATETIME_FORMAT"
        )
        comment = f"Restored the version of {when} by Zora Quill."
        assert newest.revision.comment == comment
        assert newest.revision.user.get_full_name() == "Ada Byrne"
        assert newest.field_dict["headline"] == "Old"
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert any(message.startswith(comment) for message in messages)
        history = client.get(history_url(article)).content.decode()
        assert comment in history

    def test_purges_the_cached_pages(self, client, django_capture_on_commit_callbacks):
        signed_in(client, "Editor")
        article = with_history(make_article(headline="Old"), by=None)
        old = versions(article)[0]
        edit(client, article, headline="New")
        caches["pages"].set(GENERATION_KEY, "current")

        with django_capture_on_commit_callbacks(execute=True):
            restore(client, article, old)

        assert caches["pages"].get(GENERATION_KEY) is None

    def test_an_open_form_from_before_the_restore_cannot_overwrite_it(self, client):
        signed_in(client, "Editor")
        article = with_history(make_article(headline="Old"), by=None)
        old = versions(article)[0]
        edit(client, article, headline="New")
        stale = form_data(client, change_url(article))

        restore(client, article, old)
        stale["headline"] = ["Overwrite"]
        response = client.post(change_url(article), stale)

        article.refresh_from_db()
        assert response.status_code == 200
        assert article.headline == "Old"

    def test_a_live_article_keeps_its_address(self, client):
        signed_in(client, "Editor")
        article = with_history(make_article(slug="old-address"), by=None)
        old = versions(article)[0]
        edit(client, article, slug="new-address")

        response = restore(client, article, old)

        article.refresh_from_db()
        assert article.slug == "new-address"
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("address (slug) is kept" in message for message in messages)

    def test_a_draft_gets_its_old_address_back_unless_another_article_has_it(
        self, client
    ):
        signed_in(client, "Editor")
        article = with_history(draft(slug="first-address"), by=None)
        old = versions(article)[0]
        edit(client, article, slug="second-address")

        restore(client, article, old)
        article.refresh_from_db()
        assert article.slug == "first-address"

        edit(client, article, slug="third-address")
        make_article(slug="first-address")
        response = restore(client, article, old)

        article.refresh_from_db()
        assert response.status_code == 302
        assert article.slug == "third-address"

    def test_brings_back_the_picture_with_its_texts(self, client):
        signed_in(client, "Editor")
        article = make_article(
            image=make_image_file(), image_alt="A tram", image_caption="At night"
        )
        with_history(article, by=None)
        old, picture = versions(article)[0], article.image.name
        edit(client, article, image_alt="", image_caption="", **{"image-clear": "on"})
        assert not article.image

        restore(client, article, old)

        article.refresh_from_db()
        assert article.image.name == picture
        assert (article.image_alt, article.image_caption) == ("A tram", "At night")
        assert (article.image_width, article.image_height) == (40, 30)

    def test_a_picture_brought_back_gets_its_smaller_copies_again(self, client):
        signed_in(client, "Editor")
        article = make_article(
            image=make_image_file(size=(1000, 600)), image_alt="A tram"
        )
        refresh_renditions(article)
        with_history(article, by=None)
        old, picture = versions(article)[0], article.image.name
        data = form_data(client, change_url(article))
        data["image"] = make_image_file("ferry.png", size=(900, 500))
        assert client.post(change_url(article), data).status_code == 302
        article.refresh_from_db()
        assert article.image.name != picture

        restore(client, article, old)

        article.refresh_from_db()
        assert article.image.name == picture
        copies = article.image_renditions
        assert {copy["source"] for copy in copies} == {picture}
        assert {copy["width"] for copy in copies} >= {480, 800, 1000}
        assert all(default_storage.exists(copy["name"]) for copy in copies)
        page = client.get(article.get_absolute_url()).content.decode()
        assert copies[0]["name"].rsplit("/", 1)[-1] in page

    def test_a_picture_no_longer_stored_is_not_brought_back(self, client):
        signed_in(client, "Editor")
        article = with_history(
            make_article(image=make_image_file(), image_alt="A tram"), by=None
        )
        old = versions(article)[0]
        edit(client, article, headline="New", **{"image-clear": "on"})
        default_storage.delete(old.field_dict["image"].name)

        response = restore(client, article, old)

        article.refresh_from_db()
        assert article.headline != "New"
        assert not article.image
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("picture file is no longer stored" in m for m in messages)

    def test_a_published_article_keeps_its_picture_over_one_without_alt_text(
        self, client
    ):
        signed_in(client, "Editor")
        article = with_history(make_article(image=make_image_file()), by=None)
        old = versions(article)[0]
        edit(client, article, image_alt="A tram at night")

        restore(client, article, old)

        article.refresh_from_db()
        assert article.image_alt == "A tram at night"
        assert article.is_published

    def test_a_version_that_cannot_be_read_gets_a_message_not_an_error(self, client):
        signed_in(client, "Editor")
        article = with_history(make_article(headline="Old"), by=None)
        old = versions(article)[0]
        edit(client, article, headline="New")
        Version.objects.filter(pk=old.pk).update(serialized_data="not json")
        new = versions(article)[0]

        compared = compare(client, article, old, new)
        restored = restore(client, article, Version.objects.get(pk=old.pk))

        article.refresh_from_db()
        assert compared.status_code == restored.status_code == 302
        assert restored.url == history_url(article)
        assert article.headline == "New"
        messages = [str(m) for m in get_messages(restored.wsgi_request)]
        assert any("can no longer read" in message for message in messages)

    def test_a_writer_restores_their_own_draft(self, client):
        writer = signed_in(client, "Writer")
        article = with_history(
            draft(headline="Mine, first", created_by=writer), by=writer
        )
        old = versions(article)[0]
        edit(client, article, headline="Mine, second")

        response = restore(client, article, old)

        article.refresh_from_db()
        assert response.status_code == 302
        assert article.headline == "Mine, first"
        assert article.status == Article.Status.DRAFT

    @pytest.mark.parametrize("whose", ["someone else's draft", "own published"])
    def test_a_writer_may_not_restore_what_they_may_not_change(self, client, whose):
        writer = signed_in(client, "Writer")
        if whose == "own published":
            article = make_article(headline="Now", created_by=writer)
        else:
            article = draft(headline="Now", created_by=make_staff("Writer"))
        with_history(article, by=None)
        old = versions(article)[0]
        Article.objects.filter(pk=article.pk).update(headline="Later")

        response = restore(client, article, old)

        article.refresh_from_db()
        assert response.status_code == 403
        assert article.headline == "Later"
        assert len(versions(article)) == 1

    def test_a_get_on_the_restore_address_changes_nothing(self, client):
        signed_in(client, "Editor")
        article = with_history(make_article(headline="Old"), by=None)
        old = versions(article)[0]
        edit(client, article, headline="New")

        response = client.get(restore_url(article, old))

        article.refresh_from_db()
        assert response.status_code == 405
        assert article.headline == "New"

    def test_another_articles_version_is_not_found(self, client):
        signed_in(client, "Editor")
        article = with_history(make_article(headline="Mine"), by=None)
        other = with_history(make_article(headline="Theirs"), by=None)

        response = restore(client, article, versions(other)[0])

        article.refresh_from_db()
        assert response.status_code == 404
        assert article.headline == "Mine"


class ReversionScreensTests:
    """django-reversion's own revert and recover screens would restore the
    publication state too, past the writer's limits: they are not there."""

    @pytest.mark.parametrize(
        "name, args", [("revision", [1, 1]), ("recover", [1]), ("recoverlist", [])]
    )
    def test_revert_and_recover_have_no_addresses(self, name, args):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:articles_article_{name}", args=args)

    def test_a_writer_posting_to_their_addresses_changes_nothing(self, client):
        writer = signed_in(client, "Writer")
        article = with_history(draft(headline="Draft", created_by=writer), by=writer)
        old = versions(article)[0]
        article_publish(article=article)
        Article.objects.filter(pk=article.pk).update(headline="Published")
        base = reverse("admin:articles_article_changelist")

        for address in (
            f"{base}{article.pk}/history/{old.pk}/",
            f"{base}recover/{old.pk}/",
        ):
            response = client.post(address, {"headline": "Draft", "status": "draft"})
            # The admin's catch-all answers: no screen of django-reversion's.
            assert response.status_code in (302, 404)

        article.refresh_from_db()
        assert article.headline == "Published"
        assert article.status == Article.Status.PUBLISHED
