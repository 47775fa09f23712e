#!/usr/bin/env bash
# Fuzz smoke test for CI: builds the cargo-fuzz targets (nightly) and runs each one for
# a short while from the committed seeds. Exits non-zero if a target crashes, panics,
# hangs (-timeout) or runs out of memory; the crashing input is left in
# fuzz/artifacts/<target>/ and printed by cargo-fuzz.
#
#   FUZZ_SECONDS=60 fuzz/smoke.sh            # default: 60 s per target
#   FUZZ_SECONDS=600 fuzz/smoke.sh markdown  # one target, longer
set -euo pipefail
cd "$(dirname "$0")"

seconds="${FUZZ_SECONDS:-60}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(markdown html config packs components)
fi

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz smoke: needs a nightly toolchain (rustup toolchain install nightly)" >&2
  exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz smoke: installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

dict_for() {
  case "$1" in
    markdown) echo "-dict=dict/md.dict" ;;
    html) echo "-dict=dict/html.dict" ;;
    *) echo "" ;;
  esac
}

start=$(date +%s)
cargo +nightly fuzz build -O
echo "fuzz smoke: built in $(($(date +%s) - start)) s"

for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "fuzz smoke: $t for ${seconds} s"
  # new inputs go to corpus/<t> (not committed); the seeds are read, never written
  log="$(mktemp)"
  # shellcheck disable=SC2046
  if cargo +nightly fuzz run -O "$t" "corpus/$t" "seeds/$t" -- \
    $(dict_for "$t") -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1; then
    grep -E "^#[0-9]+ +DONE|^stat::number_of_executed_units|^stat::average_exec_per_sec" "$log" || true
    rm -f "$log"
  else
    status=$?
    tail -n 60 "$log" >&2
    echo "fuzz smoke: target $t FAILED (exit $status); the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
echo "fuzz smoke: all targets passed in $(($(date +%s) - start)) s"
