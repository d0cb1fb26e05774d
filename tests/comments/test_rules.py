"""Each moderation rule, through comment_create as a reader's post meets it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from comments.models import Ban, BlockedWord, Comment
from comments.services import comment_create
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

Status, Reason = Comment.Status, Comment.Reason


def create(**overrides):
    fields = {
        "article": overrides.pop("article", None) or make_article(),
        "name": "Ada Reader",
        "email": "ada@example.org",
        "body": "The new bus lane cut my commute in half.",
        "ip_address": "198.51.100.4",
    }
    comment = comment_create(**fields | overrides)
    comment.refresh_from_db()
    return comment


def decided(comment):
    return comment.status, comment.hold_reason


@pytest.fixture
def no_moderation(settings):
    """Nothing is held by the moderation setting: only the rule under test
    can stop a comment."""
    settings.COMMENTS_MODERATION = "none"


def backdate(comment, **delta):
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(**delta)
    )


class ModerationSettingTests:
    def test_every_comment_is_held_by_default(self):
        make_comment(make_article(), email="ada@example.org")

        assert decided(create()) == (Status.PENDING, Reason.HOLD_ALL)

    def test_first_approves_an_address_with_an_approved_comment(self, settings):
        settings.COMMENTS_MODERATION = "first"
        make_comment(make_article(), email="Ada@Example.ORG")

        assert decided(create(email="ada@example.org")) == (Status.APPROVED, "")

    def test_first_holds_a_first_comment(self, settings):
        settings.COMMENTS_MODERATION = "first"
        make_comment(make_article(), email="someone.else@example.org")

        assert decided(create()) == (Status.PENDING, Reason.FIRST_COMMENT)

    @pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED, Status.SPAM])
    def test_first_does_not_count_comments_never_approved(self, settings, status):
        settings.COMMENTS_MODERATION = "first"
        make_comment(make_article(), email="ada@example.org", status=status)

        assert decided(create(body="Second try.")) == (
            Status.PENDING,
            Reason.FIRST_COMMENT,
        )

    def test_none_approves_what_no_rule_stopped(self, no_moderation):
        assert decided(create()) == (Status.APPROVED, "")


class LinkRuleTests:
    def test_more_links_than_the_limit_are_held(self, no_moderation):
        body = "See https://a.example, http://b.example and www.c.example."

        assert decided(create(body=body)) == (Status.PENDING, Reason.LINKS)

    def test_exactly_the_limit_is_not_held(self, no_moderation):
        body = "Sources: https://www.a.example/report and www.b.example/data"

        assert decided(create(body=body)) == (Status.APPROVED, "")

    def test_limit_comes_from_the_setting(self, no_moderation, settings):
        settings.COMMENTS_MAX_LINKS = 0

        comment = create(body="My blog: https://ada.example")

        assert decided(comment) == (Status.PENDING, Reason.LINKS)


class BlocklistRuleTests:
    @pytest.fixture(autouse=True)
    def _blocked(self, no_moderation):
        BlockedWord.objects.create(word="ass")
        BlockedWord.objects.create(word="cheap pills")

    @pytest.mark.parametrize(
        "body",
        ["You ass.", "What an ASS!", "Buy Cheap Pills here", "ass"],
    )
    def test_blocked_word_sends_to_spam(self, body):
        assert decided(create(body=body)) == (Status.SPAM, Reason.BLOCKLIST)

    @pytest.mark.parametrize(
        "body", ["A first-class piece.", "Passing the bill.", "Cheap pillsbury."]
    )
    def test_only_whole_words_count(self, body):
        assert decided(create(body=body)) == (Status.APPROVED, "")

    def test_blocked_word_in_the_name_counts_too(self):
        assert decided(create(name="Cheap pills")) == (Status.SPAM, Reason.BLOCKLIST)

    def test_words_are_matched_as_text_not_patterns(self):
        BlockedWord.objects.create(word="c.s")

        assert decided(create(body="cbs news")) == (Status.APPROVED, "")
        assert decided(create(body="c.s news")) == (Status.SPAM, Reason.BLOCKLIST)

    def test_a_blank_entry_blocks_nothing(self):
        BlockedWord.objects.create(word="  ")

        assert decided(create()) == (Status.APPROVED, "")


class DuplicateRuleTests:
    @pytest.fixture(autouse=True)
    def _no_moderation(self, no_moderation):
        pass

    def test_same_text_from_the_same_address_is_spam(self):
        first = create()

        again = create(article=make_article(), email="ADA@example.org", ip_address="")

        assert first.status == Status.APPROVED
        assert decided(again) == (Status.SPAM, Reason.DUPLICATE)

    def test_same_text_from_the_same_ip_address_is_spam(self):
        create(email="first@example.org")

        again = create(email="second@example.org")

        assert decided(again) == (Status.SPAM, Reason.DUPLICATE)

    def test_another_reader_may_write_the_same_words(self):
        article = make_article()
        create(article=article, body="Thank you.")

        other = create(
            article=article,
            body="Thank you.",
            email="bo@example.org",
            ip_address="203.0.113.50",
        )

        assert decided(other) == (Status.APPROVED, "")

    def test_not_a_duplicate_once_the_window_has_passed(self, settings):
        settings.COMMENTS_DUPLICATE_HOURS = 2
        backdate(create(), hours=2, minutes=1)

        assert decided(create()) == (Status.APPROVED, "")

    def test_still_a_duplicate_inside_the_window(self, settings):
        settings.COMMENTS_DUPLICATE_HOURS = 2
        backdate(create(), hours=1, minutes=59)

        assert decided(create()) == (Status.SPAM, Reason.DUPLICATE)

    def test_a_text_its_author_deleted_may_be_posted_again(self):
        Comment.objects.filter(pk=create().pk).update(status=Status.DELETED)

        assert decided(create()) == (Status.APPROVED, "")


class BanRuleTests:
    @pytest.fixture(autouse=True)
    def _no_moderation(self, no_moderation):
        pass

    def test_banned_email_address_goes_to_spam(self):
        Ban.objects.create(email="ADA@example.org", reason="Abuse")

        assert decided(create()) == (Status.SPAM, Reason.BANNED)

    def test_banned_ip_address_goes_to_spam(self):
        Ban.objects.create(ip_address="198.51.100.4", reason="Abuse")

        assert decided(create(email="new.name@example.org")) == (
            Status.SPAM,
            Reason.BANNED,
        )

    def test_banned_ipv6_address_matches_however_it_is_written(self):
        Ban.objects.create(ip_address="2001:db8::1", reason="Abuse")

        comment = create(ip_address="2001:DB8:0:0:0:0:0:1")

        assert decided(comment) == (Status.SPAM, Reason.BANNED)

    def test_ban_with_an_end_date_applies_until_then(self):
        until = timezone.now() + timedelta(days=1)
        Ban.objects.create(email="ada@example.org", reason="Cool off", until=until)

        assert decided(create()) == (Status.SPAM, Reason.BANNED)

    def test_expired_ban_no_longer_applies(self):
        until = timezone.now() - timedelta(minutes=1)
        Ban.objects.create(email="ada@example.org", reason="Cool off", until=until)
        Ban.objects.create(ip_address="198.51.100.4", reason="Cool off", until=until)

        assert decided(create()) == (Status.APPROVED, "")


class HiddenFieldAndVerificationTests:
    def test_honeypot_filled_is_spam(self, no_moderation):
        comment = create(honeypot_filled=True)

        assert decided(comment) == (Status.SPAM, Reason.HONEYPOT)

    def test_verification_unavailable_holds_even_without_moderation(
        self, no_moderation
    ):
        comment = create(verification="unavailable")

        assert decided(comment) == (Status.PENDING, Reason.UNVERIFIED)

    def test_low_score_holds(self, no_moderation):
        comment = create(verification="low-score")

        assert decided(comment) == (Status.PENDING, Reason.LOW_SCORE)

    def test_spam_rules_come_before_holding(self, no_moderation):
        BlockedWord.objects.create(word="casino")

        comment = create(body="Best casino", verification="unavailable")

        assert decided(comment) == (Status.SPAM, Reason.BLOCKLIST)


class StaffTests:
    def test_staff_comment_is_approved_and_marked(self):
        editor = User.objects.create_user("editor", is_staff=True)

        comment = create(user=editor, verification="skipped")

        assert decided(comment) == (Status.APPROVED, "")
        assert comment.by_staff
        assert comment.user == editor

    def test_signed_in_reader_is_not_staff(self):
        reader = User.objects.create_user("reader")

        comment = create(user=reader)

        assert decided(comment) == (Status.PENDING, Reason.HOLD_ALL)
        assert not comment.by_staff
        assert comment.user == reader


class SpamIsNeverShownTests:
    def test_spam_is_not_on_the_article_page(self, client, no_moderation):
        article = make_article()
        BlockedWord.objects.create(word="casino")
        create(article=article, body="Play at the casino now.")
        create(article=article, body="A fair account of the vote.")

        content = client.get(article.get_absolute_url()).content.decode()

        assert "A fair account of the vote." in content
        assert "casino" not in content

    def test_banned_readers_post_is_not_shown_even_to_them(
        self, client, recaptcha_passes
    ):
        article = make_article()
        Ban.objects.create(ip_address="198.51.100.4", reason="Repeated abuse")
        post = {
            "body": "You will all regret this.",
            "name": "Mallory",
            "email": "mallory@example.org",
            "g-recaptcha-response": "token-from-the-widget",
        }

        client.post(
            reverse("comments:post", kwargs={"slug": article.slug}),
            post,
            REMOTE_ADDR="198.51.100.4",
        )
        content = client.get(article.get_absolute_url()).content.decode()

        assert decided(Comment.objects.get()) == (Status.SPAM, Reason.BANNED)
        assert "You will all regret this." not in content
