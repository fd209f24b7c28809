from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from accounts.tests.factories import TelegramUserFactory
from campaigns.models import Campaign, CampaignStatus, KeywordSource
from campaigns.services import drafts
from campaigns.services.drafts import DraftError
from campaigns.tests.factories import CampaignFactory
from semantic.errors import KeywordFileError


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; Russian is the default language and has its own catalogue test."""
    with translation.override("en"):
        yield


class TestLandingUrl:
    def test_it_adds_https_when_the_scheme_is_missing(self):
        assert drafts.validate_landing_url(" example.com/divany ") == "https://example.com/divany"

    @pytest.mark.parametrize(
        ("url", "reason"),
        [
            ("", "address of the page"),
            ("https://example.com/a b", "spaces"),
            ("ftp://example.com", "http"),
            ("https://localhost/page", "domain"),
            ("https://exa_mple..com", "web address"),
            ("https://example.com/" + "a" * 1024, "1024"),
        ],
    )
    def test_it_rejects_a_bad_address_saying_why(self, url, reason):
        with pytest.raises(DraftError, match=reason):
            drafts.validate_landing_url(url)

    @given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
    def test_it_either_returns_an_http_url_without_spaces_or_raises_draft_error(self, text):
        try:
            url = drafts.validate_landing_url(text)
        except DraftError:
            return
        assert url.startswith(("http://", "https://"))
        assert not any(character.isspace() for character in url)


class TestNameAndDescription:
    def test_it_collapses_spaces_in_the_name(self):
        assert drafts.validate_name("  Диваны   Москва ") == "Диваны Москва"

    def test_it_rejects_a_name_over_100_characters(self):
        with pytest.raises(DraftError, match="101"):
            drafts.validate_name("д" * 101)

    def test_it_rejects_a_description_too_short_to_write_ads_from(self):
        with pytest.raises(DraftError, match="10"):
            drafts.validate_description("диваны")


class TestKeywords:
    def test_it_splits_a_list_on_commas_and_lines(self):
        assert drafts.parse_keywords("купить диван, диван кровать\nугловой диван") == [
            "купить диван",
            "диван кровать",
            "угловой диван",
        ]

    def test_it_multiplies_bracketed_word_lists(self):
        assert drafts.parse_keywords("[купить, заказать] [диван]") == ["купить диван", "заказать диван"]

    def test_it_refuses_an_empty_list(self):
        with pytest.raises(DraftError, match="no keywords"):
            drafts.parse_keywords(" , ,\n")

    def test_it_refuses_more_than_a_thousand_phrases(self):
        with pytest.raises(DraftError, match="1000"):
            drafts.parse_keywords(", ".join(f"диван {number}" for number in range(1001)))


@pytest.mark.django_db
class TestDraftRows:
    def test_it_saves_answers_only_on_the_owners_draft(self):
        owner, stranger = TelegramUserFactory.create_batch(2)
        draft = drafts.start_draft(owner.pk)

        drafts.update_draft(draft.pk, owner.pk, name="Диваны")
        with pytest.raises(Campaign.DoesNotExist):
            drafts.update_draft(draft.pk, stranger.pk, name="Чужое")

        draft.refresh_from_db()
        assert (draft.name, draft.status) == ("Диваны", CampaignStatus.DRAFT)

    def test_it_refuses_to_edit_fields_that_are_not_answers(self):
        owner = TelegramUserFactory()
        draft = drafts.start_draft(owner.pk)

        with pytest.raises(ValueError, match="status"):
            drafts.update_draft(draft.pk, owner.pk, status=CampaignStatus.COMPLETED)

    def test_it_stores_a_keyword_file_after_the_importer_read_it(self):
        owner = TelegramUserFactory()
        draft = drafts.start_draft(owner.pk)

        phrases = drafts.attach_keywords_file(draft.pk, owner.pk, "k.txt", "купить диван\nдиван кровать\n".encode())

        draft.refresh_from_db()
        assert phrases == ["купить диван", "диван кровать"] == draft.base_keywords
        with connection.cursor() as cursor:  # stored as text, not six-character escapes (core/json_text.py)
            cursor.execute("SELECT base_keywords FROM campaigns_campaign WHERE id = %s", [draft.pk])
            assert "купить диван" in str(cursor.fetchone()[0])
        assert draft.keyword_source == KeywordSource.FILE
        assert draft.keywords_file.read() == "купить диван\nдиван кровать\n".encode()

    def test_a_file_the_importer_cannot_read_saves_nothing(self):
        owner = TelegramUserFactory()
        draft = drafts.start_draft(owner.pk)

        with pytest.raises(KeywordFileError):
            drafts.attach_keywords_file(draft.pk, owner.pk, "k.pdf", b"%PDF")

        draft.refresh_from_db()
        assert not draft.keywords_file
        assert draft.base_keywords == []

    @pytest.mark.parametrize("sent", ["../../k.txt", "..\\..\\k.txt", "/etc/k.txt"])
    def test_a_path_in_the_file_name_is_reduced_to_a_safe_base_name(self, sent, settings, tmp_path):
        settings.MEDIA_ROOT = str(tmp_path)
        owner = TelegramUserFactory()
        draft = drafts.start_draft(owner.pk)

        drafts.attach_keywords_file(draft.pk, owner.pk, sent, "купить диван\n".encode())

        draft.refresh_from_db()
        assert draft.keywords_file.name.startswith("keyword-files/")
        assert draft.keywords_file.name.endswith("/k.txt")
        assert (tmp_path / draft.keywords_file.name).resolve().is_relative_to(tmp_path)

    def test_a_name_that_is_only_a_path_is_told_as_an_unknown_type_not_a_storage_error(self, english_messages):
        owner = TelegramUserFactory()
        draft = drafts.start_draft(owner.pk)

        with pytest.raises(KeywordFileError, match="send CSV, XLSX or TXT"):
            drafts.attach_keywords_file(draft.pk, owner.pk, "../..", "купить диван\n".encode())

    def test_repeat_copies_the_inputs_into_a_new_draft(self):
        source = CampaignFactory(status=CampaignStatus.COMPLETED, budget=Decimal("30000"), keyword_count=50)

        copy = drafts.repeat_campaign(source.pk, source.owner_id)

        assert copy.pk != source.pk
        assert copy.status == CampaignStatus.DRAFT
        assert (copy.name, copy.target_url, copy.base_keywords, copy.geo_ids, copy.budget) == (
            source.name,
            source.target_url,
            source.base_keywords,
            source.geo_ids,
            source.budget,
        )
        assert copy.keyword_count == 0

    def test_discard_deletes_only_an_unqueued_draft(self):
        owner = TelegramUserFactory()
        draft = drafts.start_draft(owner.pk)
        queued = CampaignFactory(owner=owner, status=CampaignStatus.QUEUED)

        assert drafts.discard_draft(draft.pk, owner.pk) is True
        assert drafts.discard_draft(queued.pk, owner.pk) is False
        assert list(Campaign.objects.values_list("pk", flat=True)) == [queued.pk]

    def test_summary_reads_the_answers_back(self):
        campaign = CampaignFactory(budget=Decimal("1000"))

        summary = drafts.summarize(campaign.pk, campaign.owner_id)

        assert (summary.name, summary.region_name, summary.budget) == (campaign.name, "Москва", Decimal("1000"))
