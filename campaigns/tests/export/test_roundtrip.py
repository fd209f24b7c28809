import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.export.commander import write_commander_tsv
from campaigns.export.data import ExportAd, ExportCampaign, ExportGroup, ExportKeyword, ExportSitelink
from campaigns.export.reader import read_direct_file
from campaigns.export.xlsx import write_direct_xlsx
from campaigns.tests.export.samples import a_campaign

WRITERS = {"xlsx": write_direct_xlsx, "tsv": write_commander_tsv}


def round_trip(data, fmt, ad_format):
    buffer = io.BytesIO()
    WRITERS[fmt](data, buffer, ad_format=ad_format)
    return read_direct_file(buffer.getvalue(), f"{data.name}.{fmt}")


def comparable_groups(groups):
    """What the file carries: frequencies live in the summary, not in Direct's columns."""
    return [
        (
            group.number,
            group.name,
            [(keyword.phrase, keyword.bid) for keyword in group.keywords],
            group.negative_keywords,
            group.ads,
        )
        for group in groups
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "tsv"])
@pytest.mark.parametrize("ad_format", ["combinatorial", "text_image"])
def test_a_campaign_comes_back_with_the_same_groups_phrases_negatives_and_ads(fmt, ad_format):
    data = a_campaign(ad_format)

    parsed = round_trip(data, fmt, ad_format)

    assert comparable_groups(parsed.groups) == comparable_groups(data.groups)
    assert parsed.negative_keywords == data.negative_keywords
    assert parsed.region_names == data.region_names
    assert parsed.direct_campaign_id == ""
    assert parsed.name == "Диваны Москва"


words = st.text(alphabet="абвгдеёжзиклмнопрстуфхцчшщыэюяabcxyz0123456789", min_size=1, max_size=12)
phrases = st.lists(words, min_size=1, max_size=5).map(" ".join)
# Printable text without the characters the file format reserves: line breaks, tabs and `||`.
texts = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "S"), exclude_characters="|\t\r\n"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
urls = words.map(lambda word: f"https://example.com/{word}")
sitelinks = st.lists(st.builds(ExportSitelink, texts, urls, st.one_of(st.just(""), texts)), max_size=4)


@st.composite
def campaigns(draw, ad_format):
    titles = 7 if ad_format == "combinatorial" else 2
    text_count = 3 if ad_format == "combinatorial" else 1
    ads = st.builds(
        ExportAd,
        kind=st.just(ad_format),
        titles=st.lists(texts, min_size=1, max_size=titles),
        texts=st.lists(texts, min_size=1, max_size=text_count),
        link=urls,
        display_link=st.one_of(st.just(""), words),
        sitelinks=sitelinks,
        callouts=st.lists(texts, max_size=3),
    )
    group_count = draw(st.integers(min_value=1, max_value=3))
    groups = []
    used_phrases: set[str] = set()
    for number in range(1, group_count + 1):
        keywords = draw(
            st.lists(phrases, min_size=1, max_size=4, unique=True).filter(lambda p: not used_phrases & set(p))
        )
        used_phrases.update(keywords)
        groups.append(
            ExportGroup(
                number=number,
                name=draw(texts),
                keywords=[ExportKeyword(phrase) for phrase in keywords],
                negative_keywords=draw(st.lists(phrases, max_size=3, unique=True)),
                ads=draw(st.lists(ads, min_size=1, max_size=3, unique_by=repr)),
            )
        )
    return ExportCampaign(
        name="Кампания", groups=groups, negative_keywords=draw(st.lists(phrases, max_size=4, unique=True))
    )


@pytest.mark.parametrize("fmt", ["xlsx", "tsv"])
@pytest.mark.parametrize("ad_format", ["combinatorial", "text_image"])
def test_any_valid_campaign_survives_a_round_trip(fmt, ad_format):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=campaigns(ad_format))
    def check(data):
        parsed = round_trip(data, fmt, ad_format)
        assert comparable_groups(parsed.groups) == comparable_groups(data.groups)
        assert parsed.negative_keywords == data.negative_keywords

    check()


def test_a_read_file_can_be_exported_again_unchanged():
    parsed = round_trip(a_campaign(), "xlsx", "combinatorial")

    again = round_trip(parsed.as_export_campaign(), "tsv", "combinatorial")

    assert comparable_groups(again.groups) == comparable_groups(parsed.groups)
    assert again.negative_keywords == parsed.negative_keywords
    assert again.region_names == parsed.region_names
