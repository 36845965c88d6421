#!/usr/bin/env bash
# Server CPU for what one visit of a page fetches, without a browser: the page and every stylesheet, script and icon
# it references, each requested N times over one keep-alive connection with compression (as a browser does), the
# server's CPU time read from /proc before and after. Usage: scripts/visit-cpu.sh PID URL [N]   (N default 300)
# Against a server started as scripts/load.sh does (published build, Production). Prints ms per request and the sum.
set -euo pipefail
pid=$1; url=${2%/}; n=${3:-300}
command -v hey >/dev/null || { echo "visit-cpu.sh: needs hey (apt-get install hey)"; exit 1; }
tick=$(getconf CLK_TCK)
cpu() { awk -v t="$tick" '{print ($14+$15)*1000/t}' "/proc/$pid/stat"; }
html=$(curl -s --compressed "$url/")
total=0
for a in / $(grep -oE '(href|src)="[^"]+\.(css|js|svg)"' <<<"$html" | cut -d'"' -f2 | sort -u); do
  path="/${a#/}"
  start=$(cpu)
  hey -n "$n" -c 1 -H "Accept-Encoding: br, gzip" "$url$path" >/dev/null 2>&1
  ms=$(awk -v s="$start" -v e="$(cpu)" -v n="$n" 'BEGIN{printf "%.2f", (e-s)/n}')
  printf '%-70s %6s ms/request\n' "$path" "$ms"
  total=$(awk -v a="$total" -v b="$ms" 'BEGIN{print a+b}')
done
printf 'server CPU for one first visit (every request once, keep-alive, compressed): %.1f ms (target <= 25 ms)\n' "$total"
