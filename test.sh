#!/usr/bin/env bash
# Installs what the tests need when it is missing (Chromium, PostgreSQL 15, nginx), builds, runs every test — the whole
# suite on SQLite, then again on a private PostgreSQL cluster — and prints
# "N passed, N failed, N skipped" as the last line (tests of the other provider count as skipped).
set -uo pipefail
cd "$(dirname "$0")"

PGBIN=/usr/lib/postgresql/15/bin
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -x "$PGBIN/initdb" ] || need_apt+=(postgresql-15)
# nginx: the reverse-proxy tests start their own on spare loopback ports (TestInfrastructure/NginxProxy.cs).
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null || { echo "test.sh: apt-get install failed"; exit 1; }
fi

dotnet tool restore >/dev/null || exit 1
dotnet build RankingsWeb.sln -c Debug -nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

# A private PostgreSQL cluster on a spare loopback port, trust auth, under a temp folder; stopped at the end.
PGDIR=$(mktemp -d /tmp/rankings-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1; rm -rf "$PGDIR"; }
trap stop_pg EXIT
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres >/dev/null || { echo "test.sh: initdb failed"; exit 1; }
PGPORT=""
for port in $(seq 54329 54349); do
  if as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 20 \
       -o "-p $port -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null 2>&1; then
    PGPORT=$port; break
  fi
done
[ -n "$PGPORT" ] || { echo "test.sh: could not start PostgreSQL"; cat "$PGDIR/log"; exit 1; }

rm -rf TestResults
dotnet test RankingsWeb.sln --no-build -nologo --logger "trx;LogFilePrefix=sqlite" --logger "console;verbosity=minimal" --results-directory TestResults "$@"
rc_sqlite=$?
# The suite again on PostgreSQL. Provider-only tests are marked ([SqliteFact], [PostgresFact] in
# TestInfrastructure/ProviderFacts.cs): SQLite's store and the browser tests are skipped here, with the reason.
RANKINGS_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres" \
  dotnet test RankingsWeb.sln --no-build -nologo --logger "trx;LogFilePrefix=postgres" --logger "console;verbosity=minimal" --results-directory TestResults "$@"
rc_pg=$?

# Skipped tests are total - executed in the TRX counters.
cat TestResults/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | tr ' ' '\n' | awk -F'"' '/^total=/{t+=$2} /^executed=/{e+=$2} /^passed=/{p+=$2} /^failed=/{f+=$2} END{printf "%d passed, %d failed, %d skipped\n", p, f, t-e}'
# A run whose test host ended early writes no results: the counts above would leave it out, so say so.
for run in sqlite:$rc_sqlite postgres:$rc_pg; do
  name=${run%%:*} rc=${run#*:}
  [ "$rc" -eq 0 ] && continue
  ls TestResults/"$name"_*.trx >/dev/null 2>&1 && echo "test.sh: the $name run failed (exit $rc)" \
    || echo "test.sh: the $name run failed (exit $rc) and wrote no results: its test host ended early"
done
[ $rc_sqlite -eq 0 ] && [ $rc_pg -eq 0 ]
