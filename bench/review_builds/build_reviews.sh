#!/usr/bin/env bash
# The four specialist review builds of one checkout: sofa demo, СКУД installer, detailing studio, jewellery shop.
#
#   bash build_reviews.sh CHECKOUT OUTDIR
#
# The builds a PPC specialist reads before a semantic-core or ad issue is called done (../shared/review/): each runs
# `manage.py build_campaign --json` of CHECKOUT (its .venv: `make install` there first) on a throwaway SQLite
# database and media folder, offline: the checkout's .env is not read and the LLM, Wordstat and Google keys are
# unset, so the template writer writes the ads and two checkouts compare line for line. pages/ holds the saved
# landing pages of the three businesses (written for these builds: a menu of sections, prices, facts, contacts).
# OUTDIR/<build>/ gets campaign.xlsx, build.json (the command's summary), stderr.log and dump.md (dump_campaign.py).
# A failed build is reported and the others still run; the exit status is the number of failed builds.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 CHECKOUT OUTDIR" >&2
  exit 64
fi
HERE=$(cd "$(dirname "$0")" && pwd)
CHECKOUT=$(cd "$1" && pwd) || exit 66
mkdir -p "$2" && OUT=$(cd "$2" && pwd) || exit 73
# The shown data sets (../shared/data beside the checkout, or SHARED_DATA_DIR); never copied into the repository.
DATA=${SHARED_DATA_DIR:-$(cd "$HERE/../../.." && pwd)/shared/data}

[ -x "$CHECKOUT/.venv/bin/python" ] || { echo "no $CHECKOUT/.venv: run make install there first" >&2; exit 69; }
PY="$CHECKOUT/.venv/bin/python"

WORK=$(mktemp -d /tmp/review_build.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export DJANGO_READ_DOT_ENV=false DJANGO_DEBUG=true LOG_LEVEL=warning
export DATABASE_URL="sqlite:///$WORK/db.sqlite3" MEDIA_ROOT="$WORK/media" CELERY_BROKER_DIR="$WORK/broker"
unset OPENAI_API_KEY OPENAI_BASE_URL WORDSTAT_TOKEN YANDEX_CLOUD_API_KEY YANDEX_CLOUD_FOLDER_ID \
  GOOGLE_SERVICE_ACCOUNT_FILE YANDEX_DIRECT_TOKEN SENTRY_DSN REDIS_URL CELERY_BROKER_URL

cd "$CHECKOUT" || exit 66
"$PY" manage.py migrate -v0 || { echo "migrate failed in $CHECKOUT" >&2; exit 70; }

# phrase,frequency of a file that also holds a hand-made grouping: the build must not see the answer.
phrases_and_frequencies() {
  "$PY" - "$1" "$2" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as source, open(sys.argv[2], "w", newline="", encoding="utf-8") as target:
    writer = csv.writer(target)
    writer.writerow(["phrase", "frequency"])
    for row in csv.DictReader(source):
        writer.writerow([row["phrase"], row["frequency"]])
PY
}
phrases_and_frequencies "$DATA/ru_detailing_services_spb.csv" "$WORK/detailing.csv"
phrases_and_frequencies "$DATA/ru_jewelry_rings_mediaplan.csv" "$WORK/jewellery.csv"

failed=0
# build NAME URL -- build_campaign options (without --out/--json)
build() {
  local name=$1 url=$2
  shift 3
  local dir="$OUT/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  local started=$SECONDS
  if "$PY" manage.py build_campaign --url "$url" "$@" --json --out "$dir/campaign.xlsx" \
      >"$dir/build.json" 2>"$dir/stderr.log" \
    && "$PY" "$HERE/dump_campaign.py" "$dir/campaign.xlsx" "$dir/build.json" --url "$url" >"$dir/dump.md" \
      2>>"$dir/stderr.log"; then
    echo "$name: ok in $((SECONDS - started)) s → $dir/dump.md"
  else
    echo "$name: FAILED after $((SECONDS - started)) s, see $dir/stderr.log" >&2
    failed=$((failed + 1))
  fi
}

# The Makefile's `demo` target, argument for argument (its --out aside).
build sofa "https://example.com/divany" -- \
  --name "Диваны от фабрики" \
  --description "Диваны и кровати от фабрики: прямые, угловые, модульные" \
  --benefits "Доставка за 1 день, Гарантия 2 года, Рассрочка 0%" \
  --keywords-file sample/keywords.csv --page-file sample/landing.html \
  --region 213 --budget 30000

# A real Wordstat export: phrase, frequency, frequency_exact (the exact frequencies feed --min-exact's filter).
build skud "https://skud-montazh.example.ru/" -- \
  --name "Системы контроля доступа (СКУД)" \
  --description "Проектирование, монтаж и обслуживание СКУД для офисов и предприятий под ключ" \
  --benefits "Выезд инженера бесплатно, Гарантия 3 года, Смета за 1 день" \
  --keywords-file "$DATA/ru_skud_wordstat_unlabeled.csv" --page-file "$HERE/pages/skud.html" \
  --region 213 --budget 100000

build detailing "https://detailing.example.ru/" -- \
  --name "Детейлинг-студия" \
  --description "Полировка кузова, керамика, химчистка салона, оклейка плёнкой" \
  --keywords-file "$WORK/detailing.csv" --page-file "$HERE/pages/detailing.html" \
  --region 2 --budget 60000

build jewellery "https://aurum.example.ru/" -- \
  --name "Ювелирный магазин" \
  --description "Обручальные и помолвочные кольца, серьги и подвески из золота от производителя, изготовление на заказ" \
  --keywords-file "$WORK/jewellery.csv" --page-file "$HERE/pages/jewellery.html" \
  --region 213 --budget 60000

exit "$failed"
