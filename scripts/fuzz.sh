#!/usr/bin/env bash
# Fuzzes each libFuzzer target of tests/fuzz for SECONDS (default 300), one after the other, one process each:
# builds them with clang into build-fuzz/, starts each from its seed corpus and regressions (tests/fuzz/corpus,
# tests/fuzz/regressions; the corpus it grows stays in build-fuzz/fuzz-corpus/), and prints per target the runs
# executed, the corpus size and the crashes (crash, timeout, out-of-memory and leak reports, kept in
# build-fuzz/fuzz-artifacts/). Exits 1 when any target crashed. Needs clang (scripts/install-deps.sh --fuzz).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: summary samples_ndjson samples_gzip env_file run_meta
#        router_payment; all by default)
set -euo pipefail

seconds=${1:-300}
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: SECONDS must be a whole number above 0, not '$seconds'" >&2; exit 2; }
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(summary samples_ndjson samples_gzip env_file run_meta router_payment)

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-fuzz"
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is missing: scripts/install-deps.sh --fuzz" >&2; exit 2; }
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
[[ -f "$build/CMakeCache.txt" ]] ||
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DLOADBENCH_FUZZ=ON "${launcher[@]}" >/dev/null
cmake --build "$build" --target "${targets[@]/#/fuzz_}"

# The targets write each input to a file before reading it: a RAM folder keeps that off the disk.
[[ -d /dev/shm && -w /dev/shm ]] && export TMPDIR=/dev/shm
results=()
failed=0
for target in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$target"
  artifacts="$build/fuzz-artifacts/$target"
  rm -rf "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  seeds=("$root/tests/fuzz/corpus/$target")
  [[ -d "$root/tests/fuzz/regressions/$target" ]] && seeds+=("$root/tests/fuzz/regressions/$target")
  log="$build/fuzz-$target.log"
  echo "fuzz.sh: $target for ${seconds}s (log: $log)"
  # The first folder is the one libFuzzer adds new inputs to; the seeds are only read. Inputs are cut to 64 KiB
  # (the deep-nesting regressions are 200 KB), so that mutations stay fast; the replay test reads them whole.
  set +e
  "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "${seeds[@]}" >"$log" 2>&1
  status=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
  # A fuzzer that died without its statistics (a crash report ends it before them) counts as a crash too.
  if [[ $status -ne 0 && $crashes -eq 0 ]]; then
    crashes=1
  fi
  [[ $crashes -eq 0 ]] || failed=1
  results+=("$(printf '%-16s %12s %8s %8s' "$target" "${runs:-?}" "$(find "$corpus" -type f | wc -l)" "$crashes")")
done

printf '%-16s %12s %8s %8s\n' target runs corpus crashes
printf '%s\n' "${results[@]}"
[[ $failed -eq 0 ]] || echo "fuzz.sh: crashes found: their inputs are in $build/fuzz-artifacts/; fix, then keep each in tests/fuzz/regressions/<target>/" >&2
exit $failed
