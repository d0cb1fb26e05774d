import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Tag
from articles.tags import ArticleTagField
from tests.factories import make_article


class TagBoxTests:
    def test_commas_separate_tags_and_spaces_do_not(self):
        assert ArticleTagField().clean("night life, city council") == [
            "city council",
            "night life",
        ]

    def test_a_single_tag_with_spaces_stays_one_tag(self):
        assert ArticleTagField().clean("human rights") == ["human rights"]

    def test_empty_entries_and_repeats_are_dropped(self):
        assert ArticleTagField(required=False).clean(" floods,, floods , ") == [
            "floods"
        ]

    def test_a_tag_over_100_characters_is_refused_in_plain_words(self):
        with pytest.raises(ValidationError) as caught:
            ArticleTagField().clean("x" * 101)
        assert "101 characters long" in caught.value.messages[0]
        assert "at most 100" in caught.value.messages[0]

    def test_a_tag_of_punctuation_only_is_refused(self):
        with pytest.raises(ValidationError) as caught:
            ArticleTagField().clean("!!!, floods")
        assert caught.value.messages == [
            "The tag “!!!” has no letters or numbers; a tag needs at least one."
        ]


@pytest.mark.django_db
class TagSlugTests:
    def test_non_latin_tag_keeps_its_letters_and_has_a_page(self, client):
        make_article(tags=["Права человека"])
        tag = Tag.objects.get()
        assert tag.slug == "права-человека"
        response = client.get(tag.get_absolute_url())
        assert response.status_code == 200
        assert "Права человека" in response.text

    def test_tag_that_slugifies_to_nothing_still_gets_a_working_page(self, client):
        # Written straight to the model, as an import might: no form to refuse it.
        make_article(tags=["★★★"])
        tag = Tag.objects.get()
        assert tag.slug == "tag"
        assert client.get(reverse("articles:tag", args=[tag.slug])).status_code == 200

    def test_tags_that_slugify_alike_get_distinct_slugs(self):
        make_article(tags=["Floods!", "floods?"])
        assert sorted(Tag.objects.values_list("slug", flat=True)) == [
            "floods",
            "floods_1",
        ]

    def test_a_100_character_name_leaves_room_for_the_suffix(self):
        make_article(tags=["a" * 100, "a" * 99 + "!"])
        slugs = sorted(Tag.objects.values_list("slug", flat=True))
        assert slugs == ["a" * 90, "a" * 90 + "_1"]
