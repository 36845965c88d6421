#!/usr/bin/env bash
# PostgreSQL benchmark (issue 15): starts a private PostgreSQL 15 cluster with its defaults (fsync on) on a spare
# loopback port, runs `bench` against it (the app's warm-up uses a throwaway database beside the measured one), and
# prints, beside bench's own figures, PostgreSQL's CPU during the measured part (the postmaster and its backends,
# reaped ones included) and the statements that took the most time (pg_stat_statements). Stops the cluster at the end.
# A benchmark, not a test: it prints figures and exits 0 unless something could not start.
#
#   scripts/pg-bench.sh [bench options…]       e.g. --records 1000000, --nodes 3 --concurrency 6
#   scripts/pg-bench.sh --floor                 no app: the least PostgreSQL work 1M records need under any design that
#                                               keeps their ids for deduplication and the cube (1M ids into a btree in
#                                               batches of 20k; the 620k cube rows bench's 1M records make, upserted in
#                                               8 steps), each part's backend CPU from /proc
#   env PG_LOCALE: the cluster's locale (initdb --locale), e.g. en_US.UTF-8 as on a typical server, generated first if
#   the machine lacks it; default this shell's (C.UTF-8 here)
set -uo pipefail
cd "$(dirname "$0")/.."
PGBIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PGBIN/initdb" ]; then
  echo "pg-bench.sh: installing postgresql-15"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null ||
    { echo "pg-bench.sh: apt-get install failed"; exit 1; }
fi

# A locale the machine does not have yet (a fresh one has only C and C.UTF-8) is generated, as a server's would be.
if [ -n "${PG_LOCALE:-}" ]; then
  want=$(echo "$PG_LOCALE" | tr '[:upper:]' '[:lower:]' | sed 's/utf-8/utf8/')
  if ! locale -a 2>/dev/null | tr '[:upper:]' '[:lower:]' | grep -qx "$want"; then
    echo "pg-bench.sh: generating the locale $PG_LOCALE"
    command -v locale-gen >/dev/null 2>&1 || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq locales >/dev/null; } ||
      { echo "pg-bench.sh: apt-get install locales failed"; exit 1; }
    charset=${PG_LOCALE#*.}
    grep -qx "$PG_LOCALE $charset" /etc/locale.gen 2>/dev/null || echo "$PG_LOCALE $charset" >>/etc/locale.gen
    locale-gen >/dev/null || { echo "pg-bench.sh: locale-gen failed"; exit 1; }
  fi
fi

DIR=$(mktemp -d /tmp/rankings-pgbench.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
BENCH=""
cleanup() {
  [ -n "$BENCH" ] && kill "$BENCH" 2>/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
as_pg "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres ${PG_LOCALE:+--locale="$PG_LOCALE"} >/dev/null || { echo "pg-bench.sh: initdb failed${PG_LOCALE:+ (locale $PG_LOCALE)}"; exit 1; }
PORT=""
for p in $(shuf -i 40000-50000 -n 20); do
  if as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -t 20 \
       -o "-p $p -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_preload_libraries=pg_stat_statements" start >/dev/null 2>&1; then
    PORT=$p; break
  fi
done
[ -n "$PORT" ] || { echo "pg-bench.sh: could not start PostgreSQL"; cat "$DIR/log"; exit 1; }
PSQL=(psql -qAt -h 127.0.0.1 -p "$PORT" -U postgres)
"${PSQL[@]}" -c "CREATE EXTENSION pg_stat_statements" -c "CREATE DATABASE rw_bench" >/dev/null || exit 1

# utime + stime of the postmaster, its children's that it has reaped (cutime + cstime), and its live children's.
CLK_TCK=$(getconf CLK_TCK)
pg_cpu_ticks() {
  local pm total=0 t
  pm=$(head -1 "$DIR/data/postmaster.pid")
  t=$(awk '{sub(/.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$pm/stat"); total=$((total + t))
  for c in $(pgrep -P "$pm"); do
    t=$(awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$c/stat" 2>/dev/null) && total=$((total + ${t:-0}))
  done
  echo "$total"
}

# The floor: what PostgreSQL alone spends on the two things no design can skip, in one session each (its backend's
# utime + stime), with nothing else on the tables: no raw records, no partitions, no per-dimension rollups.
if [ "${1:-}" = "--floor" ]; then
  echo "pg-bench.sh --floor: PostgreSQL 15 (defaults, fsync on); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  "${PSQL[@]}" -d rw_bench >/dev/null <<'SQL' || exit 1
CREATE TABLE f_ids (id varchar(128) COLLATE "C" NOT NULL, arrival_day int NOT NULL, PRIMARY KEY (id, arrival_day));
CREATE UNLOGGED TABLE f_stage AS SELECT 'demo-' || (i % 90) || '-' || to_hex(i * 2654435761 % 4294967296) || to_hex(i) AS id, i / 20000 AS b
  FROM generate_series(1, 1000000) i;
CREATE TABLE f_rollups (day int NOT NULL, model_key text COLLATE "C" NOT NULL, variant text COLLATE "C" NOT NULL,
  app_key text COLLATE "C" NOT NULL, category text COLLATE "C" NOT NULL, provider text COLLATE "C" NOT NULL, author text COLLATE "C" NOT NULL,
  tokens_prompt bigint NOT NULL, tokens_completion bigint NOT NULL, tokens_reasoning bigint NOT NULL, tokens_cached bigint NOT NULL,
  requests bigint NOT NULL, cost_nanos bigint NOT NULL, tool_calls bigint NOT NULL, PRIMARY KEY (day, model_key, variant, app_key, category, provider));
CREATE UNLOGGED TABLE f_delta AS SELECT i / 77500 AS b, 20400 + i % 90 AS day, 'author' || (i % 41) || '/model-name-' || (i % 358) AS model_key,
  '' AS variant, CASE WHEN i % 5 = 0 THEN '' ELSE 'app' || (i / 90 % 2000) || '.example.com' END AS app_key, 'category-' || (i % 17) AS category,
  'provider-' || (i % 23) AS provider, 'author' || (i % 41) AS author, i::bigint * 1000 AS tp, i::bigint * 300 AS tc, i::bigint * 100 AS tr,
  0::bigint AS tca, 1::bigint AS rq, i::bigint AS cn, 0::bigint AS tl FROM generate_series(0, 619999) i;
CREATE INDEX ON f_stage (b); CREATE INDEX ON f_delta (b);
VACUUM ANALYZE f_stage; VACUUM ANALYZE f_delta; CHECKPOINT;
SQL
  floor_part() { # label, SQL: runs it in a session of its own, prints that backend's CPU
    local pid c0 c1 t0 t1
    coproc SESSION { "${PSQL[@]}" -d rw_bench 2>&1; }
    echo "SELECT pg_backend_pid();" >&"${SESSION[1]}"; read -r pid <&"${SESSION[0]}"
    c0=$(awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$pid/stat"); t0=$(date +%s%N)
    printf '%s\nSELECT %s;\n' "$2" "'done'" >&"${SESSION[1]}"
    while read -r line <&"${SESSION[0]}"; do [ "$line" = done ] && break; done
    c1=$(awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$pid/stat"); t1=$(date +%s%N)
    exec {SESSION[1]}>&-; wait
    awk -v t=$((c1 - c0)) -v hz="$CLK_TCK" -v w=$(((t1 - t0) / 1000000)) -v l="$1" \
      'BEGIN{printf "%s: backend CPU %.2f s, %.2f µs per record (wall %d ms)\n", l, t / hz, t / hz, w}'
  }
  ids=""; for b in $(seq 0 50); do ids+="INSERT INTO f_ids SELECT id, 1 FROM f_stage WHERE b = $b ORDER BY id ON CONFLICT DO NOTHING;"; done
  floor_part "1M ids into a btree, 51 statements" "$ids"
  cube=""; for b in $(seq 0 7); do cube+="INSERT INTO f_rollups SELECT day, model_key, variant, app_key, category, provider, author, tp, tc, tr, tca, rq, cn, tl FROM f_delta WHERE b = $b ON CONFLICT (day, model_key, variant, app_key, category, provider) DO UPDATE SET tokens_prompt = f_rollups.tokens_prompt + excluded.tokens_prompt;"; done
  floor_part "620k cube rows upserted for 1M records, 8 statements" "$cube"
  echo "sizes: ids $("${PSQL[@]}" -d rw_bench -c "SELECT pg_size_pretty(pg_total_relation_size('f_ids'))"), cube $("${PSQL[@]}" -d rw_bench -c "SELECT pg_size_pretty(pg_total_relation_size('f_rollups'))")"
  echo "$(nproc) cores give $(($(nproc) * 10)) µs of CPU per record at 100,000 records/s; add the app's share (bench: 7-9 µs per record) to the two above"
  exit 0
fi

echo "pg-bench.sh: PostgreSQL 15 on 127.0.0.1:$PORT (defaults, fsync on, collation $("${PSQL[@]}" -c "SELECT datcollate FROM pg_database WHERE datname = 'rw_bench'")); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build RankingsWeb -c Release -nologo -v q -clp:ErrorsOnly >/dev/null || { echo "pg-bench.sh: build failed"; exit 1; }
OUT="$DIR/bench.txt"
dotnet run --project RankingsWeb -c Release --no-build -- bench --Rankings:Database=Postgres \
  "--ConnectionStrings:Rankings=Host=127.0.0.1;Port=$PORT;Username=postgres;Database=rw_bench" "$@" >"$OUT" 2>&1 &
BENCH=$!
# The measured part runs from bench's "bench:" line (after the warm-up) to its "end to end" line.
until grep -q '^bench:' "$OUT" || ! kill -0 "$BENCH" 2>/dev/null; do sleep 0.2; done
"${PSQL[@]}" -c "SELECT pg_stat_statements_reset()" >/dev/null
c0=$(pg_cpu_ticks)
until grep -q '^end to end' "$OUT" || ! kill -0 "$BENCH" 2>/dev/null; do sleep 0.2; done
c1=$(pg_cpu_ticks)
wait "$BENCH"; rc=$?; BENCH=""
grep -v -E '^(warn|      )' "$OUT"
[ "$rc" = 0 ] || { echo "pg-bench.sh: bench exited with $rc"; exit 1; }
records=$(sed -n 's/^ingest: \([0-9,]*\) accepted.*/\1/p' "$OUT" | tr -d ,)
awk -v t=$((c1 - c0)) -v hz="$CLK_TCK" -v n="${records:-0}" \
  'BEGIN{printf "PostgreSQL CPU during ingest and fold: %.1f s, %.1f µs per record\n", t / hz, (n > 0 ? t / hz * 1e6 / n : 0)}'
echo "statements by time during ingest and fold (ms, calls, rows):"
"${PSQL[@]}" -F $'\t' -c "
  SELECT round(sum(total_exec_time)::numeric), sum(calls), sum(rows), left(regexp_replace(query, '\s+', ' ', 'g'), 90)
  FROM pg_stat_statements WHERE query NOT LIKE 'SELECT%SUM(CASE%' GROUP BY 4 ORDER BY 1 DESC LIMIT 10"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
exit 0
