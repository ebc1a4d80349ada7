#!/usr/bin/env bash
# The thread benchmark (README, "Threads"): wall time of one `attrib text --input` batch of
# generated questions, quiet and beside one busy process per core, for each thread setting.
# Each run is the whole command as a user types it (JVM start included).
#
#   bench/threads/run.sh [WORKDIR]      # QUESTIONS=100 REPEAT=5 by default
#
# Build first (mvn -B -q package -DskipTests). Prints a Markdown table (median and range of the
# repeats, and contended / quiet); logs stay in WORKDIR. The busy processes are plain CPU loops
# (`sha256sum /dev/zero`), one per core, started before and stopped after the contended runs.
# Not a test: a few minutes.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d -t attrib-threads-XXXXXX)}"
questions="${QUESTIONS:-100}"
repeat="${REPEAT:-5}"
attrib="$home/bin/attrib"
cores="$(nproc)"
mkdir -p "$work"

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

declare -A quiet same other
for s in "${settings[@]}"; do
  IFS='|' read -r name envs opts <<<"$s"
  quiet[$name]="$(time_runs "$name" "$envs" "$opts" | stats)"
done
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
  kill "${busy[@]}" 2>/dev/null || true
  pkill -f 'sha256sum /dev/zero' 2>/dev/null || true
  sleep 1
}
contend same same
contend other other

echo "| setting | quiet s | busy, same session s | ratio | busy, other sessions s | ratio |"
echo "|---|---|---|---:|---|---:|"
for s in "${settings[@]}"; do
  IFS='|' read -r name _ _ <<<"$s"
  read -r qm qlo qhi <<<"${quiet[$name]}"
  read -r sm slo shi <<<"${same[$name]}"
  read -r om olo ohi <<<"${other[$name]}"
  printf '| %s | %s (%s–%s) | %s (%s–%s) | %.2f | %s (%s–%s) | %.2f |\n' "$name" "$qm" "$qlo" \
    "$qhi" "$sm" "$slo" "$shi" "$(echo "$sm / $qm" | bc -l)" "$om" "$olo" "$ohi" \
    "$(echo "$om / $qm" | bc -l)"
done
echo
echo "$questions questions, $repeat runs each; $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); autogroup scheduling $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo unknown)"
