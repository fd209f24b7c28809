from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from campaigns.budget import group_searches, plan_budget, vendors
from semantic.types import Phrase


def test_groups_get_the_budget_by_their_share_of_searches_and_the_weekly_figure_is_monthly_over_4_3():
    plan = plan_budget(Decimal("30000"), [(1, "Диваны", 9000), (2, "Угловые", 3000), (3, "Кровати", 0)])

    assert [group.monthly for group in plan.groups] == [Decimal(22500), Decimal(7500), Decimal(0)]
    assert [group.share for group in plan.groups] == [0.75, 0.25, 0.0]
    assert plan.weekly == Decimal(6977)


def test_without_frequencies_every_group_gets_the_same_share():
    plan = plan_budget(Decimal("1000"), [(1, "a", 0), (2, "b", 0), (3, "c", 0)])

    assert sorted(group.monthly for group in plan.groups) == [Decimal(333), Decimal(333), Decimal(334)]


@given(
    monthly=st.decimals(min_value=1, max_value=10_000_000, places=0),
    frequencies=st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=40),
)
def test_the_groups_always_add_up_to_the_whole_rubles_of_the_budget(monthly, frequencies):
    plan = plan_budget(monthly, [(number, str(number), f) for number, f in enumerate(frequencies, start=1)])

    assert sum(group.monthly for group in plan.groups) == monthly
    assert all(group.monthly >= 0 for group in plan.groups)


def test_a_group_without_a_known_frequency_gets_the_median_share_and_the_plan_says_so():
    plan = plan_budget(Decimal("8000"), [(1, "a", 1000), (2, "b", 3000), (3, "c", 2000), (4, "d", None)])

    assert [group.monthly for group in plan.groups] == [Decimal(1000), Decimal(3000), Decimal(2000), Decimal(2000)]
    assert plan.unknown_groups == 1
    with translation.override("en"):
        assert "1 groups had no known frequency: each got the median group's share." in plan.assumptions()


def test_each_search_counts_once_and_a_quoted_head_term_only_its_own_wording():
    """`скуд` (104,736 in Wordstat) holds every longer phrase's searches; quoted, it keeps its exact frequency."""
    head = [Phrase('"скуд"', 104_736, 8_827)]
    controllers = [Phrase("контроллер скуд", 6_537), Phrase("контроллер скуд купить", 400)]
    unknown = [Phrase("скуд для школы", None)]

    searches = group_searches([head, controllers, unknown])

    assert searches == [8_827, 6_137 + 2 * 400, None]  # `купить`: a buying search is worth two
    raw = group_searches([[Phrase("скуд", 104_736, 8_827)], controllers])
    assert raw == [104_736 - 6_537, 6_137 + 2 * 400]  # unquoted: only the longer phrases' searches come off


def test_a_head_group_whose_frequencies_do_not_nest_counts_its_own_phrases_and_the_plan_says_so():
    """The sofa demo's illustrative numbers: `диван` is below what its longer phrases of other groups count. Its
    group got 1.3 % when the subtraction left it nothing, then the median group's share (4 % in the demo, though it
    holds the head phrases); now its own phrases counted once among themselves."""
    head = [Phrase("диван", 90_000), Phrase("диван недорого", 500), Phrase("купить диван", 3_000)]
    beds = [Phrase("диван кровать", 60_000)]
    corners = [Phrase("угловой диван", 40_000)]
    leather = [Phrase("кожаный диван", 20_000)]

    searches = group_searches([head, beds, corners, leather])
    plan = plan_budget(
        Decimal("10000"), [(n, str(n), s) for n, s in enumerate(searches)], not_nested=searches.not_nested
    )

    assert searches == [86_500 + 2 * 500 + 2 * 3_000, 60_000, 40_000, 20_000]  # buying searches are worth two
    assert searches.not_nested == 1
    assert plan.groups[0].monthly == Decimal(4379)  # 93,500 of 213,500, the largest share: not the median 2,500
    assert plan.unknown_groups == 0
    with translation.override("en"):
        assert "1 phrases had a base frequency below what their longer phrases already count" in plan.assumptions()


def test_a_catch_all_gets_a_tail_share_while_a_coherent_group_keeps_its_searches():
    """A 2-means remainder of a long tail named by its first phrase (`прайм скуд`) holds one-off words: only the
    phrases saying what its main phrase says count in full, the rest in the proportion that do (1 of 6 here)."""
    controllers = [
        Phrase("контроллер скуд", 1_000),
        Phrase("контроллер скуд цена", 200),
        Phrase("ip контроллер скуд", 100),
        Phrase("скуд с контроллером купить", 60),
    ]
    tail = [
        Phrase("прайм скуд", 600),
        Phrase("скуд 2017", 600),
        Phrase("ел скуд", 600),
        Phrase("скуд бой", 600),
        Phrase("скуд терминал", 600),
        Phrase("точка скуд", 600),
    ]

    searches = group_searches([controllers, tail])

    assert searches[0] == 640 + 2 * 200 + 100 + 2 * 60  # all on theme, each counted once, buying ones twice
    assert searches[1] == 600 + 5 * 600 // 6  # raw 3,600; the one `прайм` phrase in full, the rest at 1/6
    with translation.override("en"):
        assert "count only in the proportion" in plan_budget(Decimal(100), [(1, "a", 1), (2, "b", 1)]).assumptions()


def test_a_buying_search_is_worth_two_that_do_not_say_they_buy():
    """The budget follows what a group is worth to the business: an installation or a price query over a reader's."""
    searches = group_searches([[Phrase("установка скуд", 100)], [Phrase("считыватель скуд", 100)]])

    assert searches == [200, 100]


def test_a_search_naming_a_service_of_the_brief_is_worth_two_that_name_the_product_or_a_brand_alone():
    """An installer whose brief offers design: «проектирование скуд» asks for what it sells by name, «система скуд»
    and a vendor's name alone for anyone's; the brief's product word (`скуд`, in every phrase) weighs nothing."""
    groups = [[Phrase("проектирование скуд", 100)], [Phrase("система скуд", 100)], [Phrase("сигур скуд", 100)]]
    brief = "Продажа и монтаж СКУД под ключ для офисов и предприятий, проектирование"

    searches = group_searches(groups, brief=brief)
    plan = plan_budget(Decimal("4000"), [(n, str(n), s) for n, s in enumerate(searches)], offered=searches.offered)

    assert searches == [200, 100, 100]
    assert searches.offered == ("проектирование",)
    assert [group.monthly for group in plan.groups] == [Decimal("2000"), Decimal("1000"), Decimal("1000")]
    assert "проектирование" in plan.assumptions()
    assert group_searches(groups) == [100, 100, 100]


def test_a_product_of_the_brief_counts_as_itself_not_as_a_kind_of_the_campaign_s_product():
    """«Диваны и кровати»: «кровать двуспальная» asks for a bed the factory sells, «диван кровать» for a sofa bed, a
    kind of sofa like «диван книжка»; a service after the product («диван перетяжка») is still the work on it."""
    groups = [
        [Phrase("кровать двуспальная", 100)],
        [Phrase("диван кровать", 100)],
        [Phrase("диван книжка", 100)],
        [Phrase("диван перетяжка", 100)],
        *[[Phrase(f"диван модель {number}", 1)] for number in range(4)],
    ]

    searches = group_searches(groups, brief="Диваны и кровати от фабрики, перетяжка")

    assert list(searches)[:4] == [200, 100, 100, 200]


def test_a_group_named_by_a_service_of_the_brief_gets_at_least_the_median_share():
    """The detailing studio's dearest service, «Керамическое покрытие авто», had 165 ₽ of 50,000 ₽ for its few
    searches; a group the brief's service names gets at least the median group's share, the others keep theirs."""
    groups = [
        [Phrase("тонировка стекол", 3000)],
        [Phrase("химчистка салона", 2000)],
        [Phrase("детейлинг спб", 1000)],
        [Phrase("керамическое покрытие авто", 50), Phrase("керамика авто", 10)],
    ]
    brief = "Тонировка и керамика авто"

    searches = group_searches(groups, brief=brief)
    plan = plan_budget(
        Decimal("10000"), [(n, str(n), s) for n, s in enumerate(searches)], offered=searches.offered,
        services=searches.services,
    )  # fmt: skip
    unfloored = plan_budget(Decimal("10000"), [(n, str(n), s) for n, s in enumerate(searches)])

    assert searches.services == (True, False, False, True)
    assert unfloored.groups[3].monthly < unfloored.groups[2].monthly
    assert plan.groups[3].share >= plan.groups[2].share  # the median of 6000, 2000, 1000, 120 is 1500 ≥ 1000
    assert plan.groups[0].monthly > plan.groups[1].monthly > plan.groups[3].monthly


def test_the_groups_holding_a_head_term_get_at_most_fifteen_percent_and_never_the_largest_share():
    """The sofa demo's «Диван» holds `"диван"` and the market's broadest buying queries: by its searches it took a
    third of the budget, the largest share; a first plan keeps it to HEAD_GROUPS_MAX_SHARE."""
    head = [Phrase('"диван"', 90_000, 9_000), Phrase("купить диван", 26_000), Phrase("диван цена", 14_000)]
    beds = [Phrase("диван кровать", 60_000)]
    corners = [Phrase("угловой диван", 40_000)]

    searches = group_searches([head, beds, corners])
    plan = plan_budget(Decimal("10000"), [(n, str(n), s) for n, s in enumerate(searches)], heads=searches.heads)

    assert searches.heads == (True, False, False)
    assert plan.groups[0].share == pytest.approx(0.15)
    assert plan.groups[1].share == pytest.approx(0.85 * 0.6)
    assert plan.groups[2].share == pytest.approx(0.85 * 0.4)
    assert sum(group.monthly for group in plan.groups) == Decimal(10000)
    with translation.override("en"):
        assert "one-word key in quotes get at most 15% of the budget" in plan.assumptions()


def test_a_head_group_within_its_cap_keeps_its_share():
    head = [Phrase('"диван"', 1_000, 100)]
    beds = [Phrase("диван кровать", 60_000)]

    searches = group_searches([head, beds])
    plan = plan_budget(Decimal("10000"), [(n, str(n), s) for n, s in enumerate(searches)], heads=searches.heads)

    assert not plan.heads_capped
    assert plan.groups[0].share == pytest.approx(searches[0] / (searches[0] + searches[1]))


VENDOR_GROUPS = [
    [Phrase("сигур скуд", 100), Phrase("sigur скуд", 100)],
    [Phrase("сфинкс скуд", 100), Phrase("sphinx скуд", 100)],
    [Phrase("сервер скуд", 100), Phrase("server скуд", 100)],
    [Phrase("считыватель скуд", 200)],
]
INSTALLER = "Продажа и монтаж СКУД под ключ для офисов и предприятий"


def test_a_vendor_typed_in_both_scripts_and_read_as_a_name_is_a_vendor_a_loan_word_is_not():
    found = vendors([phrase.text for group in VENDOR_GROUPS for phrase in group])

    assert frozenset({"сигур"}) in found
    assert frozenset({"сфинкс"}) in found
    assert not any("сервер" in spellings for spellings in found)  # a thing typed either way, not a maker


def test_a_search_naming_a_vendor_the_brief_and_page_do_not_name_counts_half():
    """The installer's page says «Работаем с оборудованием PERCo, Sigur, Болид»: «Скуд сфинкс» had 3,370 ₽, more than
    «Сигур скуд» (2,132 ₽). A vendor it names keeps its searches, one it does not counts half; a part's group
    (`считыватель`) and a loan word (`сервер`) are no vendor's."""
    searches = group_searches(VENDOR_GROUPS, brief=INSTALLER, page="Работаем с оборудованием PERCo, Sigur, Болид")
    plan = plan_budget(Decimal("6000"), [(n, str(n), s) for n, s in enumerate(searches)], unlisted=searches.unlisted)

    assert searches == [200, 100, 200, 200]
    assert searches.unlisted == ("сфинкс",)
    assert "сфинкс" in plan.assumptions()


def test_a_brief_and_page_naming_no_vendor_lower_none():
    """Without a vendor named, nothing says which ones the advertiser fits: every search keeps its weight."""
    searches = group_searches(VENDOR_GROUPS, brief=INSTALLER, page="Монтаж СКУД под ключ в Москве")

    assert searches == [200, 200, 200, 200]
    assert searches.unlisted == ()


def test_a_made_to_order_brief_s_offer_and_an_offered_quality_s_noun_count_as_what_it_sells():
    """«Обручальные и помолвочные кольца…, изготовление на заказ»: «кольца на заказ» asks for the made-to-order offer
    (an order besides: four times a reader's) and «кольца для помолвки» for the engagement rings the brief lists, as
    «помолвочные кольца» does; without the made-to-order offer «кольца на заказ» is an order only."""
    groups = [
        [Phrase("кольца на заказ", 100)],
        [Phrase("кольца для помолвки", 100)],
        [Phrase("помолвочные кольца", 100)],
        [Phrase("широкие кольца", 100)],
    ]
    brief = "Обручальные и помолвочные кольца из золота, изготовление на заказ"

    assert list(group_searches(groups, brief=brief)) == [400, 200, 200, 100]
    assert group_searches(groups, brief="Обручальные и помолвочные кольца из золота")[0] == 200
