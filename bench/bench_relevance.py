"""Relevance and negatives benchmark: what a build keeps of a practitioner's core, what it removes, and whether its
negatives block what the user wants or let through what it removed — now, and with the first and last wave's code.

    .venv/bin/python bench/bench_relevance.py [--examples 10] [--only skud] [--no-history]

Each market is built once with one set of settings: cleaning, relevance, then the campaign negatives (the kept
phrases as one group), from a brief typed the way a user types it. The input is the market's phrases, hand-written
look-alikes (same product noun, another object or market) and what the fake Wordstat (`tests/fakes/wordstat.py`)
returns for the brief's base keywords (with its junk tails: `бесплатно`, `своими руками`, `б у`…).

Columns:
  core kept   share of a practitioner's core kept (labelled cores: every phrase is relevant; duplicates aside; on the
              СКУД export, the phrases of `SKUD_WANTED` it holds);
  buying      share of the core's buying phrases (купить, цена, магазин, заказать, каталог, оптом…) kept;
  look-alikes look-alikes removed (the rest reach a group);
  blocked     wanted queries blocked by the campaign negatives: each core phrase (on СКУД each `SKUD_WANTED` phrase)
              alone and with the fake Wordstat's commercial tails (купить, цена, доставка, каталог…);
  own         kept keywords blocked by the campaign's own negatives;
  served      certain removals (dictionaries, cities, stop words) the kept keywords still serve by broad match
              (`semantic.served`); judged removals wait for the user and are counted apart;
  judged      judged removals (another market, seller type, look-alikes) the keywords still serve, of all judged:
              not negated until the user confirms them;
  doubtful    kept phrases a judged rule doubts (listed for the user);
  s           seconds for the build.

Data (not in the repository; see ../shared/data/README.md): the jewellery and IT cores and the detailing studio's
core (a services business in St Petersburg: none of its 222 phrases may be removed), the СКУД Wordstat export
(unlabelled: removals and served shares), the sofa demo, and a car-care shop's core written by hand for this
benchmark. Shops whose description holds a service word (`всё для мойки`, `для ремонта`, `для чистки`) and a
business that both sells and installs reuse those cores under other briefs.

History: the first wave's (`4ed7f9e`: cleaning only, before the relevance step), the last wave's (`eaeafce`) and
issue 21's first session's (`c6ea4d4`, "prev")
code run the same builds from temporary `git worktree`s under /tmp (never committed, removed after the run), in a
child process each; the figures are computed here, with today's broad-match simulation for every wave.
"""

from __future__ import annotations

import argparse
import csv
import inspect
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
if not DATA.exists():  # run from a temporary worktree for the history
    DATA = Path("/work/shared/data")
MOSCOW, SPB = 213, 2
WAVES = {"first": "4ed7f9e", "last": "eaeafce", "prev": "c6ea4d4"}
BUYING_WORDS = ("купить", "цена", "цены", "стоимость", "магазин", "заказать", "заказ", "каталог", "оптом", "недорого")
WANTED_TAILS = ("купить", "цена", "недорого", "доставка", "интернет магазин", "каталог", "на заказ", "оптом")

LOOK_ALIKES = {
    "jewellery": [
        "кольца для штор",
        "кольца для занавесок",
        "серьги для собак",
        "подвеска автомобиля",
        "ремонт подвески",
        "подвеска для люстры",
        "кольцо уплотнительное",
        "кольца поршневые",
        "кольцо для ключей",
        "серьги для кошек",
        "кольца для бассейна",
        "подвеска для велосипеда",
    ],
    "it": [
        "ремонт коммутатора",
        "коммутатор телефонный старый фото",
        "коммутатор для гирлянды",
        "станция метро",
        "рабочая станция метро",
        "коммутатор генератора",
        "станция техобслуживания",
        "коммутатор зажигания",
    ],
    "carcare": [
        "шампунь для собак",
        "шампунь от перхоти",
        "полироль для мебели",
        "полироль для пола",
        "воск для депиляции",
        "воск для свечей",
        "пена для ванны",
        "пена для бритья",
        "полировка зубов",
        "полировка ногтей",
        "полировальная машинка для паркета",
        "губка для посуды",
        "глина для лица",
        "глина для лепки",
        "очиститель воздуха",
        "кондиционер для белья",
        "кондиционер для волос",
        "антидождь для обуви",
        "пятновыводитель для одежды",
        "средство от тараканов",
        "химия для бассейна",
        "шампунь для ковров",
        "микрофибра для уборки",
        "аппликатор для маникюра",
        "очиститель для унитаза",
        "жидкое стекло для фундамента",
        "активная пена для душа",
        "набор для вышивания",
        "чернитель для бровей",
        "щетка для обуви",
    ],
    "detailing": [
        "полировка зубов",
        "полировка ногтей",
        "химчистка одежды",
        "химчистка пуховика",
        "тонировка волос",
        "керамика посуда",
        "оклейка стен обоями",
        "бронирование билетов",
        "керамика для ванной",
        "полировка паркета",
    ],
}
# What an installer and seller of access control wants among the СКУД export's phrases (a PPC specialist's reading):
# components and vendors beside the term, places it is installed in, choosing, paperwork for an order, services. The
# export is unlabelled; these phrases give it a core kept, buying and blocked figure of its own.
SKUD_WANTED = """
выбор скуд; выбор системы скуд; сро монтаж скуд; сро для монтажа скуд; регламент обслуживания скуд;
регламент технического обслуживания скуд; перка скуд; реле скуд; прибор скуд; монитор скуд; коммутатор скуд;
скуд для автостоянки; скуд для объекта; скуд для шкафчиков; скуд для подъезда; скуд для бани; скуд для спортзала;
скуд учет рабочего времени сотрудников; магнитоконтактный извещатель скуд; аудит скуд; комплексная наладка скуд;
внешний считыватель скуд; услуги по монтажу скуд; комплексная система безопасности скуд; монтаж скуд;
установка скуд цена; купить скуд; электромагнитный замок скуд; турникет скуд купить; обслуживание скуд москва;
проектирование скуд; техническое задание монтаж скуд; скуд для фитнеса; кронштейн для скуд; софт для скуд
"""
# A car-care shop's core written by hand for this benchmark: every phrase is the shop's.
CARCARE_CORE = """
автошампунь; купить автошампунь; автошампунь для бесконтактной мойки; автошампунь для ручной мойки;
автошампунь концентрат; автошампунь цена; шампунь для автомобиля; шампунь для мойки авто купить; воск для авто;
купить воск для авто; жидкий воск для автомобиля; горячий воск для мойки; полироль для авто; полироль для кузова;
полироль для пластика авто; полироль для фар; полировальная паста; полировочная паста для авто купить;
полировочная машинка; купить полировочную машинку; полировальный круг; магазин автохимии; автохимия купить;
автохимия оптом; каталог автохимии; автокосметика; автокосметика интернет магазин; очиститель салона;
очиститель кожи салона авто; кондиционер для кожи авто; очиститель дисков; чернитель резины; очиститель стекол авто;
антидождь для стекол; микрофибра для авто; микрофибра для полировки; аппликатор для воска; губка для мойки авто;
керамическое покрытие для авто купить; жидкое стекло для авто; нанокерамика для авто цена;
пена для бесконтактной мойки; активная пена купить; активная пена для мойки авто; средство для мойки двигателя;
очиститель битума; антибитум; глина для очистки кузова; квик детейлер; набор автокосметики; удалитель насекомых;
пятновыводитель для салона авто; химия для химчистки салона авто; средство для чистки салона автомобиля;
автохимия для детейлинга; профессиональная автохимия; koch chemie купить; grass автохимия; шампунь grass цена;
полироль для авто цена; воск для кузова автомобиля купить; автохимия с доставкой; автокосметика оптом
"""


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def number(text: str | None) -> int:
    return int(text) if text else 0


def market(name, rows, brief, *, labelled, look_alikes=None, wanted=""):
    return {
        "name": name,
        "wanted": [text.strip() for text in wanted.split(";") if text.strip()],
        "phrases": [
            [row["phrase"], number(row.get("frequency")), number(row.get("frequency_exact")) or None] for row in rows
        ],
        "brief": brief,
        "labelled": labelled,
        "look_alikes": LOOK_ALIKES.get(look_alikes or name, []),
    }


def markets() -> list[dict]:
    """Every market with its brief, as plain data (the history's child processes rebuild them with their own types)."""
    found = []
    jewellery = read(DATA / "ru_jewelry_rings_mediaplan.csv")
    network = read(DATA / "ru_network_switches_workstations.csv")
    detailing = read(DATA / "ru_detailing_services_spb.csv")
    skud = read(DATA / "ru_skud_wordstat_unlabeled.csv")
    sofa = read(REPO / "sample" / "keywords.csv") if (REPO / "sample" / "keywords.csv").exists() else []
    carcare = [{"phrase": text.strip(), "frequency": "100"} for text in CARCARE_CORE.split(";") if text.strip()]
    rings = {"name": "Ювелирный салон", "base_keywords": ["кольца", "серьги", "подвески"], "geo_ids": [MOSCOW]}
    found.append(market("jewellery", jewellery, rings, labelled=True))
    it = {
        "name": "IT-оборудование для бизнеса",
        "base_keywords": ["коммутаторы", "рабочие станции"],
        "geo_ids": [MOSCOW],
    }
    found.append(market("it", network, it, labelled=True))
    studio = {
        "name": "Детейлинг студия в СПб",
        "description": "Полировка кузова, керамика, оклейка плёнкой, тонировка, химчистка салона",
        "base_keywords": ["детейлинг", "полировка авто", "оклейка авто"],
        "geo_ids": [SPB],
    }
    found.append(market("detailing", detailing, studio, labelled=True))
    # The same studio as its owner types it: no base keywords, the city in the description.
    typed = {
        "name": "Детейлинг студия",
        "description": (
            "Детейлинг-центр в Санкт-Петербурге: полировка, керамика, химчистка салона, тонировка, оклейка плёнкой"
        ),
        "geo_ids": [SPB],
    }
    found.append(market("detail-own", detailing, typed, labelled=True, look_alikes="detailing"))
    shop = {
        "name": "Интернет-магазин автохимии",
        "description": "Интернет-магазин автохимии и автокосметики: всё для мойки, полировки и ухода за автомобилем",
        "base_keywords": ["автохимия", "автокосметика"],
        "geo_ids": [MOSCOW],
    }
    found.append(market("carcare", carcare, shop, labelled=True))
    # Shops whose description holds a service word: the word names the purpose of the goods, not a service sold.
    jewellery_shop = {
        "name": "Ювелирный интернет-магазин",
        "description": "Кольца, серьги и подвески из золота и серебра, всё для чистки и ухода за украшениями",
        "base_keywords": ["кольца", "серьги"],
        "geo_ids": [MOSCOW],
    }
    found.append(market("jewel-shop", jewellery, jewellery_shop, labelled=True, look_alikes="jewellery"))
    it_shop = {
        "name": "Магазин сетевого оборудования",
        "description": "Коммутаторы, SFP-модули и рабочие станции: всё для ремонта и модернизации сети офиса",
        "base_keywords": ["коммутаторы", "рабочие станции"],
        "geo_ids": [MOSCOW],
    }
    found.append(market("it-shop", network, it_shop, labelled=True, look_alikes="it"))
    both = {
        "name": "СКУД под ключ",
        "description": (
            "Продажа и монтаж систем контроля доступа (СКУД) для офисов и предприятий, проектирование, обслуживание"
        ),
        "base_keywords": ["скуд", "система контроля доступа"],
        "geo_ids": [MOSCOW],
    }
    found.append(market("skud-both", skud, both, labelled=False, wanted=SKUD_WANTED))
    access = {
        "name": "Системы контроля доступа",
        "base_keywords": ["скуд", "система контроля доступа"],
        "geo_ids": [MOSCOW],
    }
    found.append(market("skud", skud, access, labelled=False))  # no service offered: the installer's list is not its
    if sofa:
        sofas = {
            "name": "Диваны от фабрики",
            "description": "Диваны и кровати от фабрики: прямые, угловые, модульные",
            "selling_points": ["Доставка за 1 день", "Гарантия 2 года", "Рассрочка 0%"],
            "geo_ids": [MOSCOW],
        }
        found.append(market("sofa", sofa, sofas, labelled=False))
    return found


def wordstat_phrases(brief: dict) -> list[list]:
    """What the fake Wordstat returns for the brief's base keywords: the keyword and its tails, junk included."""
    from tests.fakes.wordstat import top_requests

    rows = []
    for keyword in brief.get("base_keywords", []):
        rows += [[item["phrase"], item["count"], None] for item in top_requests(keyword, 50)["topRequests"]]
    return rows


def _accepted(function, **arguments):
    """The keyword arguments this version of `function` takes: older waves had fewer."""
    names = inspect.signature(function).parameters
    return {key: value for key, value in arguments.items() if key in names}


def build(item: dict) -> dict:
    """One build with whatever `semantic` is importable: kept, removed (with confidence), negatives, doubtful."""
    import semantic.negatives as negatives
    import semantic.normalize as normalize
    from semantic import types

    brief = None  # the first wave had no brief: cleaning and the dictionaries only
    if hasattr(types, "Brief"):
        fields = set(inspect.signature(types.Brief).parameters)
        given = {key: tuple(value) if isinstance(value, list) else value for key, value in item["brief"].items()}
        brief = types.Brief(**{key: value for key, value in given.items() if key in fields})
    phrases = [types.Phrase(text, frequency, exact) for text, frequency, exact in item["input"]]
    started = time.perf_counter()
    cleaned = normalize.clean(phrases, **(_accepted(normalize.clean, brief=brief) if brief else {}))
    kept, removed, doubtful = cleaned.kept, list(cleaned.removed), []
    try:
        from semantic.relevance import judge_relevance
    except ImportError:  # the first wave had no relevance step
        judge_relevance = None
    if judge_relevance is not None:
        judged = judge_relevance(kept, brief)
        kept, removed = judged.kept, removed + judged.removed
        doubtful = getattr(judged, "doubtful", [])
    cluster = types.Cluster("all", kept, sum(phrase.frequency for phrase in kept))
    wanted = _accepted(negatives.build_negatives, brief=brief, removed=removed)
    result = negatives.build_negatives([cluster], **wanted)
    seconds = time.perf_counter() - started

    def row(removal):
        code, confidence = getattr(removal, "code", ""), getattr(removal, "confidence", "")
        return [removal.text, removal.frequency, code, confidence, removal.reason]

    return {
        "kept": [phrase.text for phrase in kept],
        "removed": [row(removal) for removal in removed],
        "doubtful": [row(removal) for removal in doubtful],
        "negatives": list(result.campaign_negatives),
        "seconds": seconds,
    }


def with_input(item: dict) -> dict:
    seen, rows = set(), []
    for row in [
        *item["phrases"],
        *([text, 10, None] for text in item["look_alikes"]),
        *wordstat_phrases(item["brief"]),
    ]:
        if row[0] not in seen:
            seen.add(row[0])
            rows.append(row)
    return {**item, "input": rows}


def history(wave: str, commit: str, only: str | None) -> dict[str, dict] | None:
    """Run this benchmark's builds with an older wave's code, from a temporary worktree; None when that fails."""
    path = Path(f"/tmp/bench-relevance-{wave}-{commit}")
    if not path.exists():
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(path), commit], check=True, capture_output=True
        )
    shutil.copy(__file__, path / "bench" / "bench_relevance_now.py")
    shutil.copy(REPO / "bench" / "django_setup.py", path / "bench" / "django_setup.py")
    shutil.copytree(REPO / "tests" / "fakes", path / "tests" / "fakes", dirs_exist_ok=True)
    command = [sys.executable, str(path / "bench" / "bench_relevance_now.py"), "--engine"]
    try:
        done = subprocess.run(command + (["--only", only] if only else []), capture_output=True, text=True, cwd=path)
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(path)], capture_output=True)
    if done.returncode != 0:
        print(f"{wave} wave ({commit}) failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout)


def figures(item: dict, built: dict) -> dict:
    """The benchmark's columns for one build, computed with today's broad-match simulation for every wave."""
    from semantic.normalize import lemma_key, normalize_text
    from semantic.served import REMOVED_FOR_A_REASON, BroadMatch, blocked, pattern
    from semantic.types import confidence_of

    kept_keys = {lemma_key(text) for text in built["kept"]}
    core = list(dict.fromkeys(normalize_text(text) for text, *_ in item["phrases"]))
    queries = core
    if item.get("wanted"):  # an unlabelled export: the wanted phrases it holds are its core, all of them queries
        given = {lemma_key(text) for text in core}
        queries = list(map(normalize_text, item["wanted"]))
        core = [text for text in queries if lemma_key(text) in given]
    core_kept = [text for text in core if lemma_key(text) in kept_keys]
    buying = [text for text in core if any(word in text.split() for word in BUYING_WORDS)]
    buying_kept = [text for text in buying if lemma_key(text) in kept_keys]
    alien = item["look_alikes"]
    aliens_removed = [text for text in alien if lemma_key(normalize_text(text)) not in kept_keys]
    negatives = [pattern(negative) for negative in built["negatives"]]
    wanted = queries + [f"{text} {tail}" for text in queries for tail in WANTED_TAILS]
    blocked_wanted = [text for text in wanted if blocked(text, negatives)]
    own = [text for text in built["kept"] if blocked(text, negatives)]
    match = BroadMatch(built["kept"], built["negatives"])
    for_a_reason = [row for row in built["removed"] if row[2] in REMOVED_FOR_A_REASON]
    certain = [row for row in for_a_reason if (row[3] or confidence_of(row[2])) != "judged"]
    judged = [row for row in for_a_reason if (row[3] or confidence_of(row[2])) == "judged"]
    certain_served = [row for row in certain if match.serves(row[0])]
    judged_served = [row for row in judged if match.serves(row[0])]
    return {
        "core": len(core),
        "core_kept": len(core_kept),
        "lost": [text for text in core if lemma_key(text) not in kept_keys],
        "buying": len(buying),
        "buying_kept": len(buying_kept),
        "aliens": len(alien),
        "aliens_removed": len(aliens_removed),
        "aliens_kept": [text for text in alien if text not in aliens_removed],
        "wanted": len(wanted),
        "blocked": len(blocked_wanted),
        "blocked_examples": blocked_wanted[:5],
        "own": len(own),
        "certain": len(certain),
        "certain_served": len(certain_served),
        "served_examples": [row[0] for row in sorted(certain_served, key=lambda row: -row[1])],
        "judged": len(judged),
        "judged_served": len(judged_served),
        "doubtful": len(built["doubtful"]),
        "seconds": built["seconds"],
    }


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    –"


def print_table(rows: list[tuple[str, str, dict, dict]]) -> None:
    header = (
        f"{'market':10} {'code':5} {'core kept':>10} {'buying':>7} {'look-alikes':>11} {'blocked':>9} {'own':>4}"
        f" {'served (certain)':>17} {'judged served':>13} {'doubtful':>8} {'s':>5}"
    )
    print(header)
    print("-" * len(header))
    for name, wave, item, row in rows:
        labelled = item["labelled"] or bool(item.get("wanted"))
        core = share(row["core_kept"], row["core"]) if labelled else "     –"
        buying = share(row["buying_kept"], row["buying"]) if labelled else "     –"
        aliens = f"{row['aliens_removed']}/{row['aliens']}" if row["aliens"] else "–"
        served = f"{row['certain_served']}/{row['certain']} {share(row['certain_served'], row['certain'])}"
        judged = f"{row['judged_served']}/{row['judged']}"
        blocked = f"{row['blocked']:>4}/{row['wanted']:<4}" if labelled else "        –"
        print(
            f"{name:10} {wave:5} {core:>10} {buying:>7} {aliens:>11} {blocked} "
            f"{row['own']:>4} {served:>17} {judged:>13} {row['doubtful']:>8} {row['seconds']:5.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--only", help="one market by name")
    parser.add_argument("--no-history", action="store_true", help="skip the first and last wave's code")
    parser.add_argument("--engine", action="store_true", help=argparse.SUPPRESS)  # a history child: raw builds
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from django_setup import setup_django

    setup_django()
    items = [with_input(item) for item in markets() if not args.only or item["name"] == args.only]
    if args.engine:
        print(json.dumps({item["name"]: build(item) for item in items}, ensure_ascii=False))
        return
    waves = {} if args.no_history else {wave: history(wave, commit, args.only) for wave, commit in WAVES.items()}
    now = {item["name"]: build(item) for item in items}
    rows, details = [], []
    for item in items:
        name = item["name"]
        for wave in [*waves, "now"]:
            built = now[name] if wave == "now" else (waves[wave] or {}).get(name)
            if built is None:
                continue
            row = figures(item, built)
            rows.append((name, wave, item, row))
            if wave == "now":
                details.append((f"{name}: core phrases lost", row["lost"][: args.examples]))
                details.append((f"{name}: look-alikes kept", row["aliens_kept"]))
                details.append((f"{name}: certain removals still served", row["served_examples"][: args.examples]))
                details.append((f"{name}: wanted queries blocked", row["blocked_examples"]))
                removed = sorted(built["removed"], key=lambda removal: -removal[1])
                details.append(
                    (
                        f"{name}: judged removals",
                        [f"{r[0]} — {r[4]}" for r in removed if r[3] == "judged"][: args.examples],
                    )
                )
                details.append(
                    (f"{name}: doubtful, kept", [f"{r[0]} — {r[4]}" for r in built["doubtful"]][: args.examples])
                )
    print_table(rows)
    for title, examples in details:
        if examples:
            print(f"\n== {title}")
            for text in examples:
                print(f"   {text}")


if __name__ == "__main__":
    sys.exit(main())
