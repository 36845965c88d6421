#!/usr/bin/env bash
# Load benchmark (issue 12): publishes the app, runs it in Production on a spare loopback port with its own demo
# database, then measures requests/s and p95 of every public page against a small static file of the same server,
# server CPU per real browser visit, time until the home page's charts are drawn, and the server's memory.
# A benchmark, not a test: it prints figures and exits 0, unless the server does not start.
#
#   scripts/load.sh [DURATION] [CONCURRENCY] [VISITS]      defaults: 10s 200 20
#   env: DURATION, CONCURRENCY, VISITS (0 skips the browser visits), DEMO_RECORDS (default: the app's own, 330k),
#        STATIC (default /js/apexchart.js, 3.3 KB)
set -uo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-${DURATION:-10s}}
CONCURRENCY=${2:-${CONCURRENCY:-200}}
VISITS=${3:-${VISITS:-20}}
STATIC=${STATIC:-/js/apexchart.js}

need_apt=()
command -v hey >/dev/null 2>&1 || need_apt+=(hey)
[ "$VISITS" -gt 0 ] && ! command -v chromium >/dev/null 2>&1 && need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "load.sh: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null || { echo "load.sh: apt-get install failed"; exit 1; }
fi

TMP=$(mktemp -d /tmp/rankings-load.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# A published build: a Debug build in Production answers 500 for MudBlazor's static assets, and Release is what runs.
echo "load.sh: publishing…"
dotnet publish RankingsWeb -c Release -o "$TMP/app" -nologo -v q -clp:ErrorsOnly >/dev/null || { echo "load.sh: publish failed"; exit 1; }
if [ "$VISITS" -gt 0 ]; then # built before the server starts, so the build takes no CPU from the measurements
  dotnet build scripts/visits -c Release -nologo -v q -clp:ErrorsOnly >/dev/null || { echo "load.sh: scripts/visits build failed"; exit 1; }
fi

# A spare port: the first one nothing answers on.
for PORT in $(shuf -i 20000-40000 -n 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break; done
BASE=http://127.0.0.1:$PORT
mkdir -p "$TMP/db"
# Production refuses to start without a first admin; the database (and Hangfire's file beside it) live in $TMP.
# exec, so $PID is the server itself and /proc/$PID/stat is its CPU time. The per-address rate limit is off: hey sends
# every request from 127.0.0.1, and the benchmark measures the server, not the limiter.
(cd "$TMP/app" && exec env ASPNETCORE_ENVIRONMENT=Production \
   ConnectionStrings__Rankings="Data Source=$TMP/db/rankings.db" Rankings__SeedDemoData=true \
   Rankings__RateLimits__PermitsPerMinute=0 \
   ${DEMO_RECORDS:+Rankings__DemoRecords=$DEMO_RECORDS} \
   Rankings__AdminEmail=load@example.invalid Rankings__AdminPassword="load-$RANDOM-$RANDOM-$RANDOM" \
   dotnet RankingsWeb.dll --urls "$BASE" --contentRoot "$TMP/app") >"$TMP/server.log" 2>&1 &
PID=$!

# The server listens once the demo data is seeded; wait until the fold has caught up too (pending 0).
echo "load.sh: starting the server on $BASE (seeding demo data)…"
status=""
for _ in $(seq 600); do
  kill -0 "$PID" 2>/dev/null || { echo "load.sh: the server exited"; tail -30 "$TMP/server.log"; exit 1; }
  status=$(curl -s "$BASE/api/v1/status")
  [[ $status == *'"pending":0,'* && $status != *'"records":0,'* ]] && break
  sleep 1
done
[[ $status == *'"pending":0,'* ]] || { echo "load.sh: no demo data after 10 minutes: $status"; tail -30 "$TMP/server.log"; exit 1; }
echo "load.sh: $status"

CLK_TCK=$(getconf CLK_TCK)
rss_mb() { awk '/^VmRSS/{printf "%.0f", $2/1024}' "/proc/$PID/status"; }
ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$PID/stat"; } # utime + stime, fields 14-15 of stat
# Until the server uses under 10% of a core over 2 s (at most a minute): requests hey gave up on are still being
# rendered after it stops, and would be billed to the next measurement.
quiet() { for _ in $(seq 30); do local a; a=$(ticks); sleep 2; [ $(( $(ticks) - a )) -lt $(( CLK_TCK / 5 )) ] && return; done; }
RSS0=$(rss_mb)

# Visits first, on a quiet server (see quiet()).
if [ "$VISITS" -gt 0 ]; then
  # Real visits: Blazor Server draws the charts only after its circuit connects, which Chromium's --dump-dom does not
  # wait for (its virtual time does not count the WebSocket), so Playwright drives Debian's Chromium (scripts/visits).
  echo "load.sh: $VISITS settled and $VISITS immediate headless Chromium visits of / (each a fresh context), waiting until every chart is drawn…"
  dotnet scripts/visits/bin/Release/net10.0/Visits.dll "$BASE/" "$VISITS" "$PID" "$CLK_TCK" >"$TMP/visits.txt" 2>&1
  # shellcheck disable=SC1090
  if grep -q '^drawn=' "$TMP/visits.txt"; then . <(grep -E '^[a-z_0-9]+=[0-9.NaN-]+$' "$TMP/visits.txt")
    verdict() { awk -v v="$1" -v t="$2" 'BEGIN{print ((v != "NaN" && v + 0 <= t) ? "yes" : "NO")}'; }
    echo "server CPU per visit: ${cpu_ms_per_visit} ms (target ≤ 25 ms: $(verdict "$cpu_ms_per_visit" 25)); raw ${cpu_ms_per_visit_raw} ms less idle ${idle_cpu_ms_per_s} ms/s"
    echo "  raw by thread, ms per visit: $(sed -n 's/^cpu_ms_per_visit_raw\[\(.*\)\]=\(.*\)$/\1 \2/p' "$TMP/visits.txt" | head -8 | paste -sd, - | sed 's/,/, /g')"
    echo "  the server's JIT was $([ "$jit_quiet_before_visits" = 1 ] && echo done || echo "NOT done (figures include it)") after ${jit_warm_up_s} s of browser visits beyond the warm-up"
    echo "visits with every chart drawn: $drawn of $visits"
    # The target is judged as the page sees it: from navigation start (a visitor's click) to the frame that paints the
    # first screen's charts. The wall time through Playwright adds its own round-trips to that.
    echo "charts of the first screen (1440x900) painted, from navigation start: median ${first_screen_painted_ms_median} ms, p95 ${first_screen_painted_ms_p95} ms (target ≤ 1000 ms: $(verdict "$first_screen_painted_ms_p95" 1000))"
    echo "  wall time through Playwright, its round-trips included: median ${first_screen_ms_median} ms, p95 ${first_screen_ms_p95} ms"
    echo "  the renderer's main thread per visit: CPU ${renderer_threadtime_ms_median} ms (busy ${renderer_task_ms_median} ms: script ${renderer_script_ms_median}, style ${renderer_recalcstyle_ms_median}, layout ${renderer_layout_ms_median})"
    # Below the first screen the charts are drawn one at a time in idle periods, and the ones a visitor scrolls to go
    # first: the visitor's wait is judged on a visitor who scrolls at once (the charts seen while still undrawn).
    echo "a visitor scrolling a screen every 250 ms from the first paint: ${scrolling_charts_seen_undrawn} of ${scrolling_charts_seen} charts seen before they were drawn (${scrolling_visits} of $VISITS visits scrolled to the bottom); the longest wait for a chart in view: median ${scrolling_longest_undrawn_ms_median} ms, p95 ${scrolling_longest_undrawn_ms_p95} ms (target ≤ 1000 ms: $(verdict "$scrolling_longest_undrawn_ms_p95" 1000))"
    # Every chart on the page, the ones below the first screen included (drawn in idle periods after it), judged on the
    # same clock as the first screen: from navigation start to the frame that paints the last chart.
    echo "every chart on the page painted, without scrolling, from navigation start: median ${all_charts_painted_ms_median} ms, p95 ${all_charts_painted_ms_p95} ms (target ≤ 1000 ms: $(verdict "$all_charts_painted_ms_p95" 1000))"
    echo "  wall time through Playwright, its round-trips included: median ${all_charts_ms_median} ms, p95 ${all_charts_ms_p95} ms"
    # The figures above are of settled visits (a second between opening the tab and navigating, as a visitor's browser
    # has its processes running before the click); visits that navigate at once were alternated with them.
    echo "visits that navigate the moment their tab opens (the browser starting the tab's processes beside the page; $fresh_drawn drawn): first screen painted median ${fresh_first_screen_painted_ms_median} ms, p95 ${fresh_first_screen_painted_ms_p95} ms; every chart painted median ${fresh_all_charts_painted_ms_median} ms, p95 ${fresh_all_charts_painted_ms_p95} ms"
  else
    echo "load.sh: the visits failed:"; tail -20 "$TMP/visits.txt"
  fi
fi
RSS1=$(rss_mb)

# hey's summary: "Total: S secs", "95% in S secs", "[CODE] N responses", and "[N] <error>" under Error distribution.
# Requests/s counts 2xx answers only (hey's own figure counts timeouts too); p95 is of the answers that came back
# (hey prints no 95% line under 20 answers: the slowest stands in).
bench() {
  quiet
  hey -z "$DURATION" -c "$CONCURRENCY" "$BASE$1" >"$TMP/hey.txt" 2>&1
  awk '/Total:/{t=$2} /Slowest:/{max=$2} /95% in/{p95=sprintf("%.0f", $3*1000)}
       /Status code distribution:/{s=1; next} /Error distribution:/{s=0; e=1; next}
       s && /\[[0-9]+\]/{c=substr($1,2,3); if (c ~ /^2/) ok+=$2; else bad+=$2}
       e && /\[[0-9]+\]/{gsub(/[\[\]]/, "", $1); bad+=$1}
       END{if (p95 == "" && ok > 0) p95 = sprintf("%.0f", max * 1000)
           printf "%.1f %s %d\n", (t > 0 ? ok / t : 0), (p95 == "" ? "n/a" : p95), bad}' "$TMP/hey.txt"
}

STATIC_BYTES=$(curl -s -o /dev/null -w '%{size_download}' "$BASE$STATIC")
echo "load.sh: hey -z $DURATION -c $CONCURRENCY per path; static file $STATIC ($STATIC_BYTES bytes); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
read -r SRPS SP95 SBAD < <(bench "$STATIC")
printf '\n%-42s %9s %8s %7s %6s  %s\n' path "req/s" "p95 ms" errors ratio "meets (≥0.3× static, p95 ≤ 200 ms, no errors)"
printf '%-42s %9s %8s %7s %6s  %s\n' "$STATIC (static)" "$SRPS" "$SP95" "$SBAD" 1.000 -
for path in / /models/anthropic/claude-sonnet-5 /authors/google /apps/cline.bot /categories/programming \
            /models /providers /growth "/api/v1/rankings/models?period=week"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
  if [ "$code" != 200 ]; then printf '%-42s %s\n' "$path" "skipped: HTTP $code"; continue; fi
  read -r rps p95 bad < <(bench "$path")
  ratio=$(awk -v a="$rps" -v b="$SRPS" 'BEGIN{printf "%.3f", (b > 0 ? a / b : 0)}')
  ok=$(awk -v r="$ratio" -v p="$p95" -v e="$bad" 'BEGIN{print ((r >= 0.3 && p != "n/a" && p <= 200 && e == 0) ? "yes" : "NO")}')
  printf '%-42s %9s %8s %7s %6s  %s\n' "$path" "$rps" "$p95" "$bad" "$ratio" "$ok"
done

echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
echo "server RSS: ${RSS0} MB after start-up, ${RSS1:-$RSS0} MB after the visits, $(rss_mb) MB after the load (peak $(awk '/^VmHWM/{printf "%.0f", $2/1024}' "/proc/$PID/status") MB); CPU time in all $(( $(ticks) / CLK_TCK )) s"
exit 0
