"""Yandex Direct's numeric limits, in one place, each with where it comes from.

Every floor that must respect Direct reads them from here: the semantic core (phrase words, group sizes,
negative lists), the ad writers and their validator, and the export's limit check. Nothing else writes these
numbers down (the fake Direct API in `tests/fakes` keeps its own copy on purpose, to check ours).

Source of every number: `shared/reference/yandex-direct.md` (sections 1, 2 and 7), which cites the official
"Technical restrictions" help page (https://yandex.com/support/direct/moderation/technical-restrictions.html),
the Sitelinks API page (https://yandex.com/dev/direct/doc/sitelinks/add.html), the keyword and negative-keyword
API pages (https://yandex.ru/dev/direct/doc/en/objects/negative-keywords) and Direct's own validator tests.
Where the sources disagree we keep the stricter value, so what passes here passes Direct too.
"""

# Keyword phrases (reference §2.1).
KEYWORD_WORDS_MAX = 7  # words per phrase, not counting stop words (unless fixed with + or !) and minus words
KEYWORD_WORD_LENGTH_MAX = 35  # characters per word: API news digest, Oct 2016
KEYWORD_LENGTH_MAX = 4096  # characters per keyword, counting its negative keywords, spaces and operators

# Counts per group (reference §1.7).
KEYWORDS_PER_GROUP_MAX = 200  # help and `KEYWORDS_TOTAL_PER_ADGROUP`
ADS_PER_GROUP_MAX = 50  # `Ads.add` page and `ADS_TOTAL_PER_ADGROUP`

# Negative keywords (reference §2.2): list lengths are counted without spaces.
NEGATIVE_WORDS_MAX = 7  # multi-word negative phrases of 2–7 words
GROUP_NEGATIVES_CHARS_MAX = 4096  # a group's negative list, characters without spaces
CAMPAIGN_NEGATIVES_CHARS_MAX = 20_000  # a campaign's negative list, characters without spaces

# The API v5 (reference §6).
API_OBJECTS_PER_CALL_MAX = 1000  # Ads.add, AdGroups.add, Keywords.add, Sitelinks.add, AdExtensions.add (§6.3)
API_CONCURRENT_REQUESTS_MAX = 5  # per advertiser (§6.4)

# Search ads (reference §1 and §7).
TITLE1_MAX = 56  # technical restrictions: 56 including spaces and punctuation (counted in full, the safe reading)
TITLE2_MAX = 30  # technical restrictions: 30 plus up to 15 narrow marks that are not counted
TEXT_MAX = 81  # technical restrictions: 81 plus up to 15 narrow marks that are not counted
NARROW_CHARS = frozenset('.,!:;"')  # Direct's BannerWithTitleValidatorProviderTest: the "narrow" set
NARROW_MAX = 15  # the same test: at most 15 narrow marks per field
WORD_MAX = 22  # EN technical page says 22, the RU page 23: 22 is safe
HREF_MAX = 1024  # technical restrictions and Sitelinks API: including the protocol
DISPLAY_PATH_MAX = 20  # display-link help: not counting the domain
DISPLAY_PATH_MARKS = frozenset("-№/%#")  # display-link help: allowed besides letters and digits
SITELINKS_MAX = 8  # Sitelinks API, since 9 Sep 2019
SITELINK_TITLE_MAX = 30  # Sitelinks API
SITELINK_DESCRIPTION_MAX = 60  # help page (API limit not seen)
SITELINK_BLOCK_SIZE = 4  # titles 1–4 and 5–8 are summed separately
SITELINK_BLOCK_TITLES_MAX = 66  # Sitelinks API: total title length per block of four
SITELINK_TITLE_FORBIDDEN = frozenset("!?")  # Direct's Perl tests (Direct::Validation::SitelinksSets)
CALLOUT_MAX = 25  # technical restrictions: each callout, spaces included
CALLOUTS_MOBILE_TOTAL = 66  # callouts that fit one mobile line (AdExtension object page); the writer stays within
# Combinatorial ads: the template's columns `Заголовок 1…7` and `Текст 1…3` (§3) — UNCONFIRMED officially.
COMBINATORIAL_TITLES_MAX = 7  # up to 7 titles, each a Title 1 (≤ 56)
COMBINATORIAL_TEXTS_MAX = 3  # up to 3 texts, each ≤ 81
TITLE_EXCLAMATIONS_MAX = 1  # Direct's moderation rules: one exclamation mark per title at most
ABBREVIATION_MAX = 5  # ALL-CAPS words up to this many letters pass as abbreviations (МКАД, ОСАГО, SEO)

# Punctuation and signs Direct accepts in ad copy besides letters (Latin, Russian, Ukrainian, Belarusian, Kazakh,
# Turkish), digits and the plain space (reference 2.4). Emoji, control characters, tabs and newlines are refused.
ALLOWED_MARKS = frozenset(".,!?:;\"'«»„“”()[]-–—/\\%№#&+*=<>@$€₽£¥°_|~^")
