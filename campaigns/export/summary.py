"""The two sheets written for the user, not for Direct: a summary of the campaign and the phrases removed from it.

They are plain rows (strings and whole numbers) so the XLSX writer and Google Sheets lay them out the same way.
Labels go through Django's translation, in the language active when the export runs.
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from campaigns.budget import BudgetPlan, group_searches, plan_budget
from campaigns.export.data import ExportCampaign, ExportGroup, ExportKeyword, RemovedRow, ads_in_file, ads_in_format
from campaigns.export.template import format_negatives, single_line
from semantic.head_terms import is_quoted_head
from semantic.served import BroadMatch, pattern, removed_but_served
from semantic.types import Confidence, Phrase, Removal, RemovedPhrase, confidence_of, removal_label

Cell = str | int | None
CONFIDENCE_LABELS = {
    Confidence.CERTAIN: gettext_lazy("certain: negated"),
    Confidence.JUDGED: gettext_lazy("doubtful: not negated"),
    Confidence.CONFIRMED: gettext_lazy("confirmed by you: negated"),
}


def summary_title() -> str:
    return pgettext("export sheet title", "Summary")


def removed_title() -> str:
    return pgettext("export sheet title", "Removed phrases")


def group_frequency(group: ExportGroup) -> int:
    """The known frequencies summed (phrases without one are counted on their own row)."""
    return sum(keyword.frequency or 0 for keyword in group.keywords)


def summary_rows(data: ExportCampaign, ad_format: str) -> list[list[Cell]]:
    """Counts are of what the file holds: ads of the exported format (`ads_in_format`)."""
    keywords = [keyword for group in data.groups for keyword in group.keywords]
    plan = None
    if data.budget:
        searches = group_searches(
            [[Phrase(k.phrase, k.frequency, k.exact_frequency) for k in group.keywords] for group in data.groups],
            brief=data.description,
            page=data.landing_text,
        )
        plan = plan_budget(
            data.budget,
            [(group.number, group.name, count) for group, count in zip(data.groups, searches, strict=True)],
            not_nested=searches.not_nested,
            heads=searches.heads,
            offered=searches.offered,
            services=searches.services,
            unlisted=searches.unlisted,
        )
    rows: list[list[Cell]] = [
        [_("Campaign"), single_line(data.name)],
        [_("Regions"), ", ".join(data.region_names)],
        [_("Groups"), len(data.groups)],
        [_("Keywords"), len(keywords)],
        [_("Ads"), ads_in_file(data, ad_format)],
        [_("Total frequency"), sum(keyword.frequency or 0 for keyword in keywords)],
        *_frequency_rows(keywords),
        [_("Campaign negative keywords"), len(data.negative_keywords), format_negatives(data.negative_keywords)],
        *_removal_rows(data),
        *_dropped_negative_rows(data),
        *_budget_rows(plan),
        [],
        [
            _("Group number"),
            _("Group"),
            _("Keywords"),
            _("Total frequency"),
            _("Ads"),
            _("Negative keywords"),
            *([_("Budget, RUB a month")] if plan else []),
        ],
    ]
    for index, group in enumerate(data.groups):
        rows.append(
            [
                group.number,
                group.name,
                len(group.keywords),
                group_frequency(group),
                len(ads_in_format(group, ad_format)),
                format_negatives(group.negative_keywords),
                *([int(plan.groups[index].monthly)] if plan else []),
            ]
        )
    rows += [[], [_("Group number"), _("Group"), _("Keyword"), _("Frequency")]]
    for group in data.groups:
        rows += [[group.number, group.name, keyword.phrase, keyword.frequency] for keyword in group.keywords]
    return rows


def _removed_phrase(row: RemovedRow) -> RemovedPhrase:
    return RemovedPhrase(row.phrase, row.frequency, row.reason, row.code, row.confidence)


def _removal_rows(data: ExportCampaign) -> list[list[Cell]]:
    """How many phrases each reason removed (the phrases are on their own sheet), how sure, how many the keywords
    still serve, and the exact-frequency rule."""
    counts = Counter(row.code for row in data.removed)
    rows: list[list[Cell]] = [[_("Phrases removed"), len(data.removed)]]
    rows += [[f"  {removal_label(code)}", count] for code, count in counts.most_common()]
    doubtful = [row for row in data.removed if not _removed_phrase(row).negated]
    rows.append(
        [
            _("Doubtful removals"),
            len(doubtful),
            _("another market, seller type or look-alike: not negative keywords until you confirm them"),
        ]
    )
    if data.doubtful:
        note = _("they name your product with a buying word, so they stay until you remove them")
        rows.append([_("Doubtful phrases kept"), len(data.doubtful), note])
    keywords = [(keyword.phrase, group.negative_keywords) for group in data.groups for keyword in group.keywords]
    match = BroadMatch([phrase for phrase, _ in keywords], data.negative_keywords, [own for _, own in keywords])
    served = removed_but_served([_removed_phrase(row) for row in data.removed], match)
    rows.append(
        [
            _("Removed yet still served by broad match"),
            f"{served.served} / {served.removed} ({served.share:.0%})",
            ", ".join(served.examples),
        ]
    )
    if data.min_exact and not data.exact_known:
        note = _("not applied: the phrases came without exact frequencies")
        rows.append([_("Minimum exact frequency"), data.min_exact, note])
    elif data.min_exact:
        note = _exact_filter_note(data, [phrase for phrase, _ in keywords])
        rows.append([_("Minimum exact frequency"), data.min_exact, note])
    else:
        rows.append([_("Minimum exact frequency"), _("off")])
    return rows


def _exact_filter_note(data: ExportCampaign, keywords: list[str]) -> str:
    """What the exact-frequency rule removed, and which removals no kept phrase takes as typed: a kept «система скуд»
    takes «новые системы скуд», the quoted head term `"скуд"` takes only «скуд» itself, so «скуд для бизнеса» is
    shown on its longer searches at most (through «скуд цена» and the like). The user sees which and may restore
    them."""
    heads = {pattern(keyword).lemmas for keyword in keywords if is_quoted_head(keyword)}
    broad = BroadMatch([keyword for keyword in keywords if not is_quoted_head(keyword)], [])
    removed = [row for row in data.removed if row.code == Removal.LOW_EXACT_FREQUENCY]
    lost = [row for row in removed if not broad.serves(row.phrase) and pattern(row.phrase).lemmas not in heads]
    lost.sort(key=lambda row: (-row.frequency, row.phrase))
    note = _(
        "phrases searched in exactly this form fewer than %(count)d times a month are removed: nobody types them as "
        "they are"
    ) % {"count": data.min_exact}
    if not lost:
        return note + _("; their searches reach the campaign through its shorter phrases")
    return note + _(
        "; %(lost)d of the %(removed)d no kept phrase takes as typed (%(examples)s), only some of their longer "
        "searches come through other phrases: restore the ones you want on the review page"
    ) % {"lost": len(lost), "removed": len(removed), "examples": ", ".join(row.phrase for row in lost[:3])}


def _frequency_rows(keywords: list[ExportKeyword]) -> list[list[Cell]]:
    """Phrases without a frequency (never taken for zero) and the one-word broad keys set in quotes."""
    rows: list[list[Cell]] = []
    unknown = sum(1 for keyword in keywords if keyword.frequency is None)
    if unknown:
        note = _("unknown, not zero: never removed or merged as rare; the budget split uses the known frequencies")
        rows.append([_("Phrases without a frequency"), unknown, note])
    heads = [keyword.phrase for keyword in keywords if is_quoted_head(keyword.phrase)]
    if heads:
        note = _(
            "a one-word key matches almost any query: it runs as phrase match in quotes, so the longer phrases take "
            "their own queries and the budget counts only its own wording"
        )
        rows.append([_("One-word keys in quotes"), ", ".join(heads), note])
    return rows


def _budget_rows(plan: BudgetPlan | None) -> list[list[Cell]]:
    if plan is None:
        return []
    return [
        [_("Budget, RUB a month"), int(plan.monthly)],
        [_("Weekly budget to set in Direct, RUB"), int(plan.weekly), plan.assumptions()],
    ]


def _dropped_negative_rows(data: ExportCampaign) -> list[list[Cell]]:
    if not data.dropped_negatives:
        return []
    rows: list[list[Cell]] = [[_("Negative keywords left out"), len(data.dropped_negatives)]]
    rows += [["", single_line(message)] for message in data.dropped_negatives]
    return rows


def removed_rows(data: ExportCampaign) -> list[list[Cell]]:
    """Doubtful phrases first (kept, then removed), for the user to decide on; then the certain removals."""
    rows: list[list[Cell]] = [[_("Phrase"), _("Frequency"), _("Why it was removed"), _("Confidence")]]
    rows += [
        [single_line(row.phrase), row.frequency, single_line(row.reason), _("doubtful, kept")] for row in data.doubtful
    ]
    ordered = sorted(data.removed, key=lambda row: _removed_phrase(row).negated)
    for row in ordered:
        confidence = Confidence(row.confidence) if row.confidence else confidence_of(row.code)
        label = str(CONFIDENCE_LABELS[confidence])
        rows.append([single_line(row.phrase), row.frequency, single_line(row.reason), label])
    return rows


def column_widths(rows: list[list[Cell]], *, minimum: int = 6, maximum: int = 60) -> list[int]:
    """Widths in characters that fit most of each column's content, capped so one long cell does not win."""
    widths = [minimum] * max((len(row) for row in rows), default=0)
    for row in rows:
        for index, value in enumerate(row):
            if value is not None:
                length = len(value) + 2 if isinstance(value, str) else len(str(value)) + 2
                if length > widths[index]:
                    widths[index] = min(length, maximum)
    return widths
