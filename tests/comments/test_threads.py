"""The markup of a comment thread, as the article page prints it."""

from html.parser import HTMLParser

import pytest
from django.utils.html import linebreaks

from comments.models import Comment
from comments.threads import (
    comment_list_html,
    comment_threads,
    paragraphs,
)
from tests.comments.test_views import comment_parents
from tests.factories import make_article, make_comment

ARTICLE_URL = "/articles/night-buses/"


class ListBalance(HTMLParser):
    """Checks that every list, item and article ends where it should."""

    TAGS = {"ol", "li", "article"}

    def __init__(self):
        super().__init__()
        self.open = []

    def handle_starttag(self, tag, attrs):
        if tag in self.TAGS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.TAGS:
            assert self.open.pop() == tag


def assert_balanced(html):
    balance = ListBalance()
    balance.feed(html)
    assert balance.open == []


def thread_html(article, *, reply_url=ARTICLE_URL, own_ids=()):
    comments = Comment.objects.visible_on_article(article, own_ids).for_thread()
    return comment_list_html(comment_threads(comments), reply_url=reply_url)


class ParagraphsTests:
    def test_escapes_and_makes_paragraphs_and_line_breaks(self):
        text = 'I saw <b>this</b> & "that".\nSecond line.\n\n\nNew paragraph.'
        assert paragraphs(text) == (
            "<p>I saw &lt;b&gt;this&lt;/b&gt; &amp; &quot;that&quot;.<br>"
            "Second line.</p>\n\n<p>New paragraph.</p>"
        )

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "One line.",
            "a\nb",
            "a\n\nb",
            "a\n\n\n\nb",
            "a\r\nb\r\n\r\nc",
            "a\rb\r\rc",
            "\r\r\n\n\r",
            "\n\nStarts blank.",
            "Ends blank.\n\n",
            "  spaced  \n  \n  out  ",
            "<script>alert('x')</script> & \"quoted\" 'single'",
            "Already &amp; escaped &lt;b&gt;",
            "Ünïcödé “quotes” — and emoji 🚌\n\nOK",
        ],
    )
    def test_same_as_the_linebreaks_filter(self, text):
        assert paragraphs(text) == linebreaks(text, autoescape=True)


@pytest.mark.django_db
class CommentListHtmlTests:
    def test_name_with_markup_is_escaped_everywhere_it_is_shown(self):
        article = make_article()
        make_comment(article, name='<b>Ada</b> "the reader"')
        html = thread_html(article)
        name = "&lt;b&gt;Ada&lt;/b&gt; &quot;the reader&quot;"
        assert f'<p class="comment-author"><bdi>{name}</bdi></p>' in html
        assert f'data-reply-name="{name}"' in html
        assert f'<span class="visually-hidden"> to <bdi>{name}</bdi></span>' in html
        assert "<b>" not in html

    def test_body_is_escaped_into_paragraphs(self):
        article = make_article()
        make_comment(article, body="Line <i>one</i>\r\nline two\r\n\r\nAnd more.")
        assert (
            '<div class="comment-body"><p>Line &lt;i&gt;one&lt;/i&gt;<br>line two'
            "</p>\n\n<p>And more.</p></div>"
        ) in thread_html(article)

    def test_reply_link_points_at_the_form_for_that_comment(self):
        article = make_article()
        comment = make_comment(article, name="Greta Holm")
        html = thread_html(article)
        assert (
            f'<a class="comment-reply" href="{ARTICLE_URL}?replyto={comment.pk}'
            f'#respond" data-reply-to="{comment.pk}" data-reply-name="Greta Holm">'
            'Reply<span class="visually-hidden"> to <bdi>Greta Holm</bdi></span></a>'
        ) in html

    def test_no_reply_links_when_comments_are_closed(self):
        article = make_article()
        make_comment(article)
        html = thread_html(article, reply_url=None)
        assert 'class="comment-body"' in html
        assert "comment-reply" not in html

    def test_own_pending_comment_is_marked_and_cannot_be_answered(self):
        article = make_article()
        own = make_comment(article, status=Comment.Status.PENDING)
        html = thread_html(article, own_ids=[own.pk])
        assert f'id="comment-{own.pk}" class="comment comment--pending"' in html
        assert "Your comment is awaiting moderation." in html
        assert "comment-reply" not in html

    def test_shows_when_it_was_posted(self, settings):
        settings.TIME_ZONE = "UTC"
        article = make_article()
        comment = make_comment(article)
        Comment.objects.filter(pk=comment.pk).update(created_at="2024-03-05T14:07:09Z")
        assert (
            f'<a href="#comment-{comment.pk}">'
            '<time datetime="2024-03-05T14:07:09+00:00">'
            "March 5, 2024 at 2:07 p.m.</time></a>"
        ) in thread_html(article)

    def test_deep_thread_closes_every_list_it_opens(self, settings):
        settings.COMMENTS_MAX_DEPTH = MAX_DEPTH = 4
        article = make_article()
        chain = [make_comment(article)]
        for _ in range(MAX_DEPTH + 2):
            chain.append(make_comment(article, parent=chain[-1]))
        after = make_comment(article)
        html = thread_html(article)
        assert_balanced(html)
        parents = comment_parents(html)
        shown_under = [parents[f"comment-{c.pk}"] for c in chain]
        # Levels 1 to 4, then everything deeper at level 4, under level 3.
        deepest = f"comment-{chain[MAX_DEPTH - 2].pk}"
        assert shown_under[MAX_DEPTH - 1 :] == [deepest] * 4
        assert parents[f"comment-{after.pk}"] is None
