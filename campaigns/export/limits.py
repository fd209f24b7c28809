"""Direct's size limits, checked before a file is written: a file Direct half-imports is worse than an error.

The numbers live in `core.direct_limits`, with their sources. Every violation names the group and the row of the
«Тексты» sheet it would land on, so the user can find it; all of them are reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from campaigns.export import template as t
from campaigns.export.data import ExportAd, ExportCampaign, ExportGroup, ads_in_format
from campaigns.export.rows import plan_rows
from core.direct_limits import (
    ADS_PER_GROUP_MAX,
    CAMPAIGN_NEGATIVES_CHARS_MAX,
    COMBINATORIAL_TEXTS_MAX,
    COMBINATORIAL_TITLES_MAX,
    GROUP_NEGATIVES_CHARS_MAX,
    KEYWORD_LENGTH_MAX,
    KEYWORD_WORDS_MAX,
    KEYWORDS_PER_GROUP_MAX,
)
from core.errors import UserError
from semantic.operators import STOP_WORDS

AUTOTARGETING_PHRASE = "---autotargeting"
# A tab or line break splits a CSV row, and Excel files cannot hold other control characters at all.
CONTROL_CHARACTERS = frozenset(chr(code) for code in range(32))


@dataclass(frozen=True)
class LimitViolation:
    message: str
    group_number: int | None = None
    group_name: str = ""
    row: int | None = None

    def __str__(self) -> str:
        if self.group_number is None:
            return self.message
        place = _("group %(number)s «%(name)s»") % {"number": self.group_number, "name": self.group_name}
        if self.row is not None:
            place += ", " + _("row %(row)s") % {"row": self.row}
        return f"{place}: {self.message}"


class ExportLimitError(UserError):
    def __init__(self, violations: list[LimitViolation]):
        self.violations = violations
        shown = "\n".join(f"• {violation}" for violation in violations[:20])
        more = len(violations) - 20
        if more > 0:
            shown += "\n" + _("…and %(count)d more") % {"count": more}
        super().__init__(_("The campaign breaks Yandex Direct's limits:") + "\n" + shown)


def check_export_limits(data: ExportCampaign, *, ad_format: str = "combinatorial") -> None:
    violations = _campaign_violations(data)
    for group in data.groups:
        violations += _group_violations(group, ad_format)
    for planned in plan_rows(data, ad_format):
        where = {"group_number": planned.group.number, "group_name": planned.group.name, "row": planned.row}
        if planned.keyword is not None:
            violations += [LimitViolation(message, **where) for message in _keyword_problems(planned.keyword.phrase)]
        if planned.ad is not None:
            violations += [LimitViolation(message, **where) for message in _ad_problems(planned.ad, ad_format)]
    if violations:
        raise ExportLimitError(violations)


def negatives_length(phrases: list[str]) -> int:
    """Direct counts negative lists without spaces."""
    return sum(len(phrase.replace(" ", "")) for phrase in phrases)


def counted_words(phrase: str) -> int:
    """Words toward the 7-word limit: minus words and stop words (unless fixed with `+` or `!`) do not count."""
    count = 0
    for token in phrase.replace('"', " ").replace("[", " ").replace("]", " ").split():
        if token.startswith("-"):
            continue
        bare = token.lstrip("!+").lower()
        if bare and (bare not in STOP_WORDS or token[0] in "!+"):
            count += 1
    return count


def _campaign_violations(data: ExportCampaign) -> list[LimitViolation]:
    violations = []
    length = negatives_length(data.negative_keywords)
    if length > CAMPAIGN_NEGATIVES_CHARS_MAX:
        violations.append(
            LimitViolation(
                _("campaign negative keywords are %(length)d characters without spaces, the limit is %(max)d")
                % {"length": length, "max": CAMPAIGN_NEGATIVES_CHARS_MAX}
            )
        )
    violations += [
        LimitViolation(_("campaign negative keyword %(text)r contains a control character") % {"text": phrase})
        for phrase in data.negative_keywords
        if _has_control_characters(phrase)
    ]
    return violations


def _group_violations(group: ExportGroup, ad_format: str) -> list[LimitViolation]:
    messages = []
    if not group.keywords:
        messages.append(_("the group has no keywords"))
    if len(group.keywords) > KEYWORDS_PER_GROUP_MAX:
        messages.append(
            _("%(count)d keywords, a group holds at most %(max)d")
            % {"count": len(group.keywords), "max": KEYWORDS_PER_GROUP_MAX}
        )
    ads = ads_in_format(group, ad_format)
    if not ads:
        messages.append(_("the group has no ads"))
    if len(ads) > ADS_PER_GROUP_MAX:
        messages.append(
            _("%(count)d ads, a group holds at most %(max)d") % {"count": len(ads), "max": ADS_PER_GROUP_MAX}
        )
    length = negatives_length(group.negative_keywords)
    if length > GROUP_NEGATIVES_CHARS_MAX:
        messages.append(
            _("group negative keywords are %(length)d characters without spaces, the limit is %(max)d")
            % {"length": length, "max": GROUP_NEGATIVES_CHARS_MAX}
        )
    if any(_has_control_characters(phrase) for phrase in [group.name, *group.negative_keywords]):
        messages.append(_("the group name or its negative keywords contain a line break or control character"))
    return [LimitViolation(message, group.number, group.name) for message in messages]


def _keyword_problems(phrase: str) -> list[str]:
    if phrase == AUTOTARGETING_PHRASE:
        return []
    problems = []
    if not phrase.strip():
        problems.append(_("the keyword is empty"))
    if len(phrase) > KEYWORD_LENGTH_MAX:
        problems.append(
            _("the keyword is %(length)d characters long, the limit is %(max)d")
            % {"length": len(phrase), "max": KEYWORD_LENGTH_MAX}
        )
    words = counted_words(phrase)
    if words > KEYWORD_WORDS_MAX:
        problems.append(
            _("keyword %(phrase)r has %(count)d words, the limit is %(max)d")
            % {"phrase": phrase[:100], "count": words, "max": KEYWORD_WORDS_MAX}
        )
    if _has_control_characters(phrase):
        problems.append(_("keyword %(phrase)r contains a line break or control character") % {"phrase": phrase[:100]})
    return problems


def _ad_problems(ad: ExportAd, ad_format: str) -> list[str]:
    problems = []
    if not ad.titles or not ad.titles[0].strip():
        problems.append(_("the ad has no title"))
    if not ad.texts or not ad.texts[0].strip():
        problems.append(_("the ad has no text"))
    if not ad.link.startswith(("http://", "https://")):
        problems.append(_("the ad link %(link)r must start with http:// or https://") % {"link": ad.link[:100]})
    if ad_format == "combinatorial" and (
        len(ad.titles) > COMBINATORIAL_TITLES_MAX or len(ad.texts) > COMBINATORIAL_TEXTS_MAX
    ):
        problems.append(
            _("a combinatorial ad holds at most %(titles)d titles and %(texts)d texts")
            % {"titles": COMBINATORIAL_TITLES_MAX, "texts": COMBINATORIAL_TEXTS_MAX}
        )
    listed = [*ad.callouts, *(field for link in ad.sitelinks for field in (link.title, link.url, link.description))]
    if any(t.LIST_SEPARATOR in value for value in listed):
        problems.append(_("a sitelink or callout contains %(separator)s") % {"separator": t.LIST_SEPARATOR})
    fields = [*ad.titles, *ad.texts, ad.link, ad.display_link, *listed]
    if any(_has_control_characters(value) for value in fields):
        problems.append(_("the ad contains a line break or control character"))
    return problems


def _has_control_characters(text: str) -> bool:
    return not CONTROL_CHARACTERS.isdisjoint(text)
