#!/usr/bin/env bash
# Installs what the tests need when it is missing, builds, runs every test and prints
# "N passed, N failed, N skipped" as the last line.
set -uo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null || { echo "test.sh: apt-get install failed"; exit 1; }
fi

dotnet tool restore >/dev/null || exit 1
dotnet build RankingsWeb.sln -c Debug -nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

rm -rf TestResults
dotnet test RankingsWeb.sln --no-build -nologo --logger "trx;LogFilePrefix=r" --logger "console;verbosity=minimal" --results-directory TestResults "$@"
rc=$?
# Skipped tests (the opt-in page timing measurement) are total - executed in the TRX counters.
cat TestResults/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | tr ' ' '\n' | awk -F'"' '/^total=/{t+=$2} /^executed=/{e+=$2} /^passed=/{p+=$2} /^failed=/{f+=$2} END{printf "%d passed, %d failed, %d skipped\n", p, f, t-e}'
exit $rc
