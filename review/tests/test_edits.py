"""Every edit of the review page: stored on the campaign's rows in one transaction, audited, nothing invalid saved."""

import pytest

from accounts.activity import Action
from accounts.models import ActivityEvent
from campaigns.models import Ad, AdGroup, Keyword, PipelineRun, RemovedPhrase, RunStatus
from campaigns.services import review_edits as edits

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(built):
    return edits.Actor(built.campaign.owner_id)


def phrases(group):
    return sorted(group.keywords.values_list("phrase", flat=True))


def audit(edit):
    return ActivityEvent.objects.filter(action=Action.CAMPAIGN_EDITED, details__edit=edit)


def test_it_moves_phrases_and_drops_the_target_negatives_that_would_block_them(built, owner):
    moved = list(built.corner.keywords.values_list("pk", flat=True))
    assert edits.move_keywords(built.campaign.pk, owner, moved, built.sofas.pk) == 2
    assert phrases(built.sofas) == [
        "диван недорого", "диван цена", "купить диван", "купить угловой диван", "угловой диван"
    ]
    built.sofas.refresh_from_db()
    assert built.sofas.negative_keywords == []  # «-угловой» would have stopped the moved phrases
    event = audit("move").get()
    assert event.user_id == built.campaign.owner_id
    assert event.details["dropped"] == ["угловой"]


def test_it_merges_two_groups(built, owner):
    edits.merge_groups(built.campaign.pk, owner, built.beds.pk, built.corner.pk)
    assert not AdGroup.objects.filter(pk=built.beds.pk).exists()
    assert phrases(built.corner) == ["диван кровать", "диван кровать купить", "купить угловой диван", "угловой диван"]
    assert built.corner.ads.count() == 1
    built.campaign.refresh_from_db()
    assert (built.campaign.group_count, built.campaign.keyword_count) == (2, 7)


def test_it_refuses_to_merge_a_group_into_itself(built, owner):
    with pytest.raises(edits.EditRefused):
        edits.merge_groups(built.campaign.pk, owner, built.beds.pk, built.beds.pk)


def test_it_splits_phrases_into_a_new_group_with_copies_of_the_ads(built, owner):
    cheap = Keyword.objects.get(phrase="диван недорого")
    group = edits.split_group(built.campaign.pk, owner, [cheap.pk], "  Недорогие   диваны ")
    assert (group.number, group.name, phrases(group)) == (4, "Недорогие диваны", ["диван недорого"])
    assert group.ads.get().titles == built.sofas.ads.get().titles


def test_it_renames_a_group_and_refuses_an_empty_name(built, owner):
    edits.rename_group(built.campaign.pk, owner, built.beds.pk, "Диваны-кровати")
    built.beds.refresh_from_db()
    assert built.beds.name == "Диваны-кровати"
    with pytest.raises(edits.EditRefused):
        edits.rename_group(built.campaign.pk, owner, built.beds.pk, "   ")
    assert audit("rename").get().details == {
        "campaign_id": built.campaign.pk, "edit": "rename", "group": "Диван кровать", "name": "Диваны-кровати"
    }


def test_it_removes_phrases_to_the_removed_list_and_restores_them(built, owner):
    cheap = Keyword.objects.get(phrase="диван недорого")
    edits.remove_keywords(built.campaign.pk, owner, [cheap.pk])
    removed = RemovedPhrase.objects.get(phrase="диван недорого")
    assert (removed.code, removed.frequency) == (edits.REMOVED_BY_REVIEWER, 300)
    assert edits.restore_phrase(built.campaign.pk, owner, removed.pk, built.sofas.pk) == []
    assert "диван недорого" in phrases(built.sofas)
    built.campaign.refresh_from_db()
    assert "диван недорого" in built.campaign.kept_phrases  # a rebuild keeps it too


def test_restoring_says_which_negatives_still_stop_the_phrase(built, owner):
    repair = RemovedPhrase.objects.get(phrase="ремонт дивана")
    assert edits.restore_phrase(built.campaign.pk, owner, repair.pk, built.sofas.pk) == ["ремонт"]


def test_only_relevance_verdicts_and_the_reviewers_removals_can_be_restored(built, owner):
    free = RemovedPhrase.objects.get(phrase="диван бесплатно")  # a stop word: not the user's to overrule
    with pytest.raises(edits.EditRefused):
        edits.restore_phrase(built.campaign.pk, owner, free.pk, built.sofas.pk)
    assert RemovedPhrase.objects.filter(pk=free.pk).exists()


@pytest.mark.parametrize("negative", ["<b>", "диван;drop", "слово " * 8, "а" * 36])
def test_it_refuses_negatives_direct_would_not_take(built, owner, negative):
    with pytest.raises(edits.EditRefused):
        edits.add_negative(built.campaign.pk, owner, negative)


def test_it_deletes_and_adds_negatives(built, owner):
    edits.delete_negative(built.campaign.pk, owner, "ремонт")
    edits.delete_negative(built.campaign.pk, owner, "угловой", built.sofas.pk)
    assert edits.add_negative(built.campaign.pk, owner, " -обивка ") == "обивка"
    built.campaign.refresh_from_db()
    built.sofas.refresh_from_db()
    assert built.campaign.negative_keywords == ["бесплатно", "обивка"]
    assert built.sofas.negative_keywords == []


def test_it_refuses_a_negative_that_would_block_a_kept_phrase(built, owner):
    with pytest.raises(edits.EditRefused, match="купить"):
        edits.add_negative(built.campaign.pk, owner, "купить")
    built.campaign.refresh_from_db()
    assert "купить" not in built.campaign.negative_keywords


def copy_of(ad, **changes):
    values = {
        "titles": list(ad.titles),
        "texts": list(ad.texts),
        "display_link": ad.display_link,
        "sitelinks": [edits.Sitelink(**item) for item in ad.sitelinks],
        "callouts": list(ad.callouts),
    }
    return edits.AdCopy(**{**values, **changes})


def test_it_saves_valid_ad_copy(built, owner):
    ad = built.sofas.ads.get()
    edits.edit_ad(built.campaign.pk, owner, ad.pk, copy_of(ad, titles=["Диваны от фабрики в Москве", "Доставка"]))
    ad.refresh_from_db()
    assert ad.titles == ["Диваны от фабрики в Москве", "Доставка"]


def test_it_saves_nothing_of_an_ad_the_validator_refuses(built, owner):
    ad = built.sofas.ads.get()
    too_long = "Диваны " * 10
    with pytest.raises(edits.AdRefused) as refusal:
        edits.edit_ad(built.campaign.pk, owner, ad.pk, copy_of(ad, titles=[too_long.strip(), "ok"], display_link="a b"))
    assert {problem.field for problem in refusal.value.problems} == {"titles[0]", "display_link"}
    ad.refresh_from_db()
    assert ad.titles[0] == "Купить диван от фабрики"
    assert not audit("edit_ad").exists()


def test_it_refuses_edits_while_a_run_is_active(built, owner):
    PipelineRun.objects.create(campaign=built.campaign, status=RunStatus.RUNNING, kind="export")
    with pytest.raises(edits.EditRefused):
        edits.rename_group(built.campaign.pk, owner, built.beds.pk, "Другое")


def test_it_rewrites_one_groups_ads_with_the_writer(built, owner, settings):
    settings.OPENAI_API_KEY = None
    assert edits.rewrite_group_ads(built.campaign.pk, owner, built.beds.pk) >= 1
    ads = list(built.beds.ads.all())
    assert ads
    assert all(ad.source == "template" for ad in ads)
    assert Ad.objects.filter(group=built.sofas).count() == 1  # other groups untouched


def test_staff_edits_name_the_staff_member(built):
    edits.rename_group(built.campaign.pk, edits.Actor(None, staff_name="operator"), built.beds.pk, "Кровати")
    event = audit("rename").get()
    assert (event.user_id, event.details["staff"]) == (None, "operator")


def test_it_knows_the_campaign_was_edited_after_its_build(built, owner):
    assert not edits.was_edited_since_build(built.campaign.pk)
    edits.rename_group(built.campaign.pk, owner, built.beds.pk, "Кровати")
    assert edits.was_edited_since_build(built.campaign.pk)
