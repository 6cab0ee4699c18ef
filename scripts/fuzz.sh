#!/usr/bin/env bash
# npm run fuzz [-- TARGET]: runs tokenkit's fuzz targets (fuzz/fuzz_targets/) one after
# another, FUZZ_SECONDS each (default 60), then prints a summary. Exits non-zero when a
# target crashes (a panic, an assertion of the harness, a timeout or out-of-memory),
# naming the input it saved under fuzz/artifacts/TARGET/.
#
# Needs only rustup's stable toolchain and a C++ compiler (libFuzzer is C++; Debian's g++).
# cargo-fuzz is installed at a pinned version when missing. libFuzzer's instrumentation
# is stable rustc (-C passes=sancov-module ...), but AddressSanitizer needs -Zsanitizer,
# which stable rustc accepts only with RUSTC_BOOTSTRAP=1: this script sets it for the
# fuzz build alone. FUZZ_SANITIZER=none builds without ASan (no bootstrap needed, about
# twice the executions per second; the core is #![forbid(unsafe_code)], so ASan guards
# only the dependencies' unsafe code).
#
# Corpus: the committed seeds in fuzz/corpus/TARGET are read only; what the fuzzer finds
# goes to fuzz/target/corpus/TARGET (git-ignored, kept between runs). Logs go to
# fuzz/target/logs/TARGET.log. Builds go to fuzz/target, apart from the main build.
#
# Environment: FUZZ_SECONDS (per target, default 60), FUZZ_SANITIZER (address | none,
# default address), FUZZ_ARGS (extra libFuzzer flags, e.g. "-only_ascii=1").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

CARGO_FUZZ_VERSION=0.13.2
TARGETS=(decode inspect verify structured)
SECONDS_EACH="${FUZZ_SECONDS:-60}"
SANITIZER="${FUZZ_SANITIZER:-address}"
read -r -a EXTRA_ARGS <<<"${FUZZ_ARGS:-}"

if [[ $# -gt 1 ]]; then
  echo "usage: scripts/fuzz.sh [${TARGETS[*]// /|}]" >&2
  exit 2
fi
if [[ $# -eq 1 ]]; then
  if [[ " ${TARGETS[*]} " != *" $1 "* ]]; then
    echo "fuzz.sh: unknown target '$1'; the targets are: ${TARGETS[*]}" >&2
    exit 2
  fi
  TARGETS=("$1")
fi
if ! [[ "$SECONDS_EACH" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz.sh: FUZZ_SECONDS must be a whole number of seconds, got '$SECONDS_EACH'" >&2
  exit 2
fi
case "$SANITIZER" in
  address | none) ;;
  *) echo "fuzz.sh: FUZZ_SANITIZER must be address or none, got '$SANITIZER'" >&2; exit 2 ;;
esac

if ! command -v cargo >/dev/null; then
  echo "fuzz.sh: cargo not found; install Rust with rustup (stable toolchain)" >&2
  exit 1
fi
if ! command -v c++ >/dev/null; then
  echo "fuzz.sh: no C++ compiler (c++); libFuzzer needs one: apt-get install g++" >&2
  exit 1
fi
if [[ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
  echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

# The fuzz crate builds with stable rustc; ASan's -Zsanitizer needs the bootstrap switch.
# (Set here only, so the main build and its tests never see it.) Each sanitizer builds
# in its own directory, so switching does not rebuild the other.
FUZZ_FLAGS=(--fuzz-dir fuzz -s "$SANITIZER")
if [[ "$SANITIZER" == address ]]; then
  export RUSTC_BOOTSTRAP=1
else
  FUZZ_FLAGS+=(--target-dir fuzz/target/no-sanitizer)
fi

mkdir -p fuzz/target/logs
echo "== building the fuzz targets (sanitizer: $SANITIZER; log: fuzz/target/logs/build.log)"
# cargo fuzz build takes one target, or none for all of them.
build_target=()
[[ ${#TARGETS[@]} -eq 1 ]] && build_target=("${TARGETS[0]}")
if ! cargo fuzz build "${FUZZ_FLAGS[@]}" "${build_target[@]}" >fuzz/target/logs/build.log 2>&1; then
  tail -n 40 fuzz/target/logs/build.log >&2
  echo "fuzz.sh: the fuzz build failed (full log: fuzz/target/logs/build.log)" >&2
  exit 1
fi
tail -n 1 fuzz/target/logs/build.log

declare -a SUMMARY=()
FAILED=()
for target in "${TARGETS[@]}"; do
  seeds="fuzz/corpus/$target"
  found="fuzz/target/corpus/$target"
  log="fuzz/target/logs/$target.log"
  mkdir -p "$seeds" "$found" "fuzz/artifacts/$target"
  args=(-max_total_time="$SECONDS_EACH" -timeout=20 -print_final_stats=1)
  if [[ "$target" != structured ]]; then
    args+=(-max_len=70000)
  fi
  echo
  echo "== fuzzing $target for ${SECONDS_EACH}s (new inputs: $found; log: $log)"
  status=0
  cargo fuzz run "${FUZZ_FLAGS[@]}" "$target" "$found" "$seeds" -- "${args[@]}" "${EXTRA_ARGS[@]}" >"$log" 2>&1 || status=$?
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$log" | tail -n 2 || true

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  last=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -n 1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$last")
  new=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -n 1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
  if [[ $status -eq 0 ]]; then
    result=ok
  else
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    [[ -n "$artifact" ]] || artifact=$(sed -n 's/^Failing input: *//p' "$log" | tail -n 1)
    result="CRASH ${artifact:-(no artifact; see $log)}"
    FAILED+=("$target")
    echo "!! $target failed (exit $status). Input: ${artifact:-none}. Last lines of $log:" >&2
    grep -E "panicked at|^(decode|inspect|verify)[^a-z]|SUMMARY|ERROR" "$log" | head -n 5 >&2 || true
    if [[ -n "${artifact:-}" ]]; then
      echo "   reproduce: ${RUSTC_BOOTSTRAP:+RUSTC_BOOTSTRAP=1 }cargo fuzz run ${FUZZ_FLAGS[*]} $target $artifact" >&2
    fi
  fi
  SUMMARY+=("$(printf '%-11s %-6s %11s %7s %6s %6s %13s %5s  %s' "$target" "${secs:-?}s" "${runs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${new:-?}" "$result")")
done

echo
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
if [[ -n "$(git status --porcelain -- src Cargo.toml 2>/dev/null)" ]]; then
  commit="$commit + uncommitted changes in src/ or Cargo.toml"
fi
echo "== fuzz summary (tokenkit at $commit; sanitizer: $SANITIZER; ${SECONDS_EACH}s each)"
printf '%-11s %-6s %11s %7s %6s %6s %13s %5s  %s\n' target time runs exec/s cov ft corpus new result
for line in "${SUMMARY[@]}"; do echo "$line"; done
if [[ ${#FAILED[@]} -gt 0 ]]; then
  echo "fuzz.sh: crash in: ${FAILED[*]} (inputs under fuzz/artifacts/)" >&2
  exit 1
fi
