#!/usr/bin/env bash
# The thread benchmark (README, "Threads"): wall time of one `attrib text --input` batch of
# generated questions, quiet and beside one busy process per core, for each thread setting.
# Each run is the whole command as a user types it (JVM start included).
#
#   bench/threads/run.sh [WORKDIR]      # QUESTIONS=100 REPEAT=5 by default
#
# Build first (mvn -B -q package -DskipTests: the CLI and bench/target/attrib-bench.jar). Prints a
# Markdown table (median and range of the repeats, and contended / quiet); logs stay in WORKDIR.
# The busy processes are plain CPU loops (`sha256sum /dev/zero`), one per core, started before and
# stopped after the contended runs. Not a test: a few minutes.
#
# The table ends with two reference rows, independent of attrib: `attrib-bench.jar
# contention-reference` (ContentionReference), a loop of one-thread PyTorch forward+backward calls
# and a pure-Java integer loop, timed inside one JVM (no start-up), in the same conditions. They
# show what the machine allows a single-threaded job beside the busy processes, the bound attrib's
# ratios are to be read against. Their counts are calibrated once, quiet, and then fixed, so every
# run does the same work.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d -t attrib-threads-XXXXXX)}"
questions="${QUESTIONS:-100}"
repeat="${REPEAT:-5}"
attrib="$home/bin/attrib"
cores="$(nproc)"
bench_jar="$home/bench/target/attrib-bench.jar"
mkdir -p "$work"
[ -f "$bench_jar" ] \
  || { echo "$bench_jar is missing; build first: mvn -B -q package -DskipTests" >&2; exit 1; }

java -cp "$home/cli/target/attrib-cli-0.1.0-SNAPSHOT.jar:$home/cli/target/lib/*" \
  "$home/bench/spark/GenerateInputs.java" "$work" 0 "$questions" >/dev/null
q="$work/questions.txt"

# NAME|ENVIRONMENT|OPTIONS: the settings compared (ENVIRONMENT: assignments separated by ';').
# "pytorch default" is what the CLI did before it set threads: libtorch's own pools (one thread per
# core) and OpenMP's own wait policy (an empty OMP_WAIT_POLICY: the launcher leaves it so).
settings=(
  "default (1 thread)||"
  "--threads $cores||--threads $cores"
  "pytorch default ($cores threads)|OMP_WAIT_POLICY=;ATTRIB_JAVA_OPTS=-Dai.djl.pytorch.num_threads=$cores -Dai.djl.pytorch.num_interop_threads=$cores|"
)

# time_runs NAME ENV OPTS: REPEAT wall times of the batch, one per line.
time_runs() {
  local name="$1" opts="$3" i envs=()
  [ -n "$2" ] && IFS=';' read -r -a envs <<<"$2"
  for i in $(seq 1 "$repeat"); do
    # shellcheck disable=SC2086
    env "${envs[@]}" /usr/bin/time -o "$work/t" -f '%e' "$attrib" text --input "$q" \
      --format json $opts --out "$work/out.json" >"$work/log" 2>&1 \
      || { echo "($name failed; see $work/log)" >&2; cat "$work/log" >&2; exit 1; }
    tail -1 "$work/t"
  done
}

stats() { sort -n | awk '{a[NR]=$1} END {printf "%.2f %.2f %.2f", a[int((NR+1)/2)], a[1], a[NR]}'; }

# The reference rows (see the top); their names are the table's.
ref_pytorch="reference: PyTorch forward+backward loop, 1 thread, no JVM start"
ref_integer="reference: integer loop, no JVM start"
# reference [ARGS...]: one run of contention-reference, its output in $work/ref.out. With the
# launcher's OMP_WAIT_POLICY, as the default setting runs (one thread has no workers to wait).
reference() {
  OMP_WAIT_POLICY="${OMP_WAIT_POLICY-PASSIVE}" java --enable-native-access=ALL-UNNAMED \
    -Dai.djl.offline=true -jar "$bench_jar" contention-reference "$@" >"$work/ref.out" \
    2>"$work/ref.log" \
    || { echo "(contention-reference failed; see $work/ref.log)" >&2; cat "$work/ref.log" >&2
      exit 1; }
}
# field PART KEY: KEY's value on PART's line of $work/ref.out (`pytorch-loop calls=N seconds=X`).
field() {
  awk -v p="$1" -v k="$2=" '$1 == p {
    for (i = 2; i <= NF; i++) if (index($i, k) == 1) print substr($i, length(k) + 1)
  }' "$work/ref.out"
}
# reference_runs ARRAY: REPEAT runs with the counts fixed below; median and range of each part's
# seconds into ARRAY under the reference rows' names.
reference_runs() {
  local -n into="$1"
  local i
  : >"$work/ref.times"
  for i in $(seq 1 "$repeat"); do
    reference --calls "$ref_calls" --iterations "$ref_iterations"
    echo "$(field pytorch-loop seconds) $(field integer-loop seconds)" >>"$work/ref.times"
  done
  into[$ref_pytorch]="$(cut -d' ' -f1 "$work/ref.times" | stats)"
  into[$ref_integer]="$(cut -d' ' -f2 "$work/ref.times" | stats)"
}

# The reference's counts: calibrated by one quiet run (about 1.5 s of each part), then fixed.
reference
ref_calls="$(field pytorch-loop calls)"
ref_iterations="$(field integer-loop iterations)"
[ -n "$ref_calls" ] && [ -n "$ref_iterations" ] \
  || { echo "(contention-reference printed no counts; see $work/ref.out)" >&2; exit 1; }

declare -A quiet same other
for s in "${settings[@]}"; do
  IFS='|' read -r name envs opts <<<"$s"
  quiet[$name]="$(time_runs "$name" "$envs" "$opts" | stats)"
done
reference_runs quiet
# contend MODE ARRAY: the runs beside one busy process per core, in this session ("same": the
# kernel shares the CPU among threads) or each in a session of its own ("other": with the kernel's
# autogroup scheduling, as Linux desktops have it, a session's threads share one fair part, like
# another program started in another terminal).
busy=()
trap 'kill "${busy[@]}" 2>/dev/null || true' EXIT
contend() {
  local mode="$1" s name envs opts
  local -n result="$2"
  busy=()
  for _ in $(seq 1 "$cores"); do
    if [ "$mode" = other ]; then setsid sha256sum /dev/zero & else sha256sum /dev/zero & fi
    busy+=($!)
  done
  sleep 1
  for s in "${settings[@]}"; do
    IFS='|' read -r name envs opts <<<"$s"
    result[$name]="$(time_runs "$name" "$envs" "$opts" | stats)"
  done
  reference_runs "$2"
  kill "${busy[@]}" 2>/dev/null || true
  pkill -f 'sha256sum /dev/zero' 2>/dev/null || true
  sleep 1
}
contend same same
contend other other

echo "| setting | quiet s | busy, same session s | ratio | busy, other sessions s | ratio |"
echo "|---|---|---|---:|---|---:|"
rows=()
for s in "${settings[@]}"; do
  IFS='|' read -r name _ _ <<<"$s"
  rows+=("$name")
done
rows+=("$ref_pytorch" "$ref_integer")
for name in "${rows[@]}"; do
  read -r qm qlo qhi <<<"${quiet[$name]}"
  read -r sm slo shi <<<"${same[$name]}"
  read -r om olo ohi <<<"${other[$name]}"
  printf '| %s | %s (%s–%s) | %s (%s–%s) | %.2f | %s (%s–%s) | %.2f |\n' "$name" "$qm" "$qlo" \
    "$qhi" "$sm" "$slo" "$shi" "$(echo "$sm / $qm" | bc -l)" "$om" "$olo" "$ohi" \
    "$(echo "$om / $qm" | bc -l)"
done
echo
echo "$questions questions, $repeat runs each; $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); autogroup scheduling $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo unknown)"
echo "reference: $ref_calls calls of one forward+backward (m = 32)" \
  "and $ref_iterations integer-loop iterations per run"
