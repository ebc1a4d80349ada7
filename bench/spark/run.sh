#!/usr/bin/env bash
# The attrib batch benchmark (docs/spark.md, "Throughput"): rows per second of the plain CLI batch
# (attrib molecule/text --input, which computes with one PyTorch thread as each Spark task does),
# attrib batch --master local[1] and local[2], on the same generated inputs, in one run. Wall time of each whole command (JVM and Spark start included), as
# a user sees it.
#
#   bench/spark/run.sh [WORKDIR]          # MOLECULES=20000 QUESTIONS=5000 by default
#   MOLECULE_STEPS=8 bench/spark/run.sh   # the same fixed steps for every molecule run
#   REPEAT=2 bench/spark/run.sh           # every run twice, interleaved (a shared machine)
#
# Build first (mvn -B -q package -DskipTests). Prints a Markdown table; logs and outputs stay in
# WORKDIR. Not a test: about 15 minutes on two quiet cores with the default 50 steps.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d -t attrib-bench-XXXXXX)}"
molecules="${MOLECULES:-20000}"
questions="${QUESTIONS:-5000}"
repeat="${REPEAT:-1}"
# Empty: the modality's default (50 steps); a number: that many fixed steps in all three runs.
msteps=()
if [ -n "${MOLECULE_STEPS:-}" ]; then msteps=(--steps "$MOLECULE_STEPS"); fi
attrib="$home/bin/attrib"
mkdir -p "$work"

java -cp "$home/cli/target/attrib-cli-0.1.0-SNAPSHOT.jar:$home/cli/target/lib/*" \
  "$home/bench/spark/GenerateInputs.java" "$work" "$molecules" "$questions"

rows=()
# run NAME INPUTS COMMAND...: times the command (wall, and CPU of it and its children: the Spark
# driver's JVM is a child of the CLI's), counts its output rows, appends a table row.
run() {
  local name="$1" inputs="$2"
  shift 2
  rm -rf "$work/$name.out"
  local load_before secs cpu count
  load_before="$(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/time -o "$work/$name.time" -f '%e %U %S' "$@" >"$work/$name.log" 2>&1 \
    || echo "($name exited $?; see $work/$name.log)" >&2
  secs="$(tail -1 "$work/$name.time" | cut -d' ' -f1)"
  cpu="$(tail -1 "$work/$name.time" | awk '{print $2 + $3}')"
  if [ -d "$work/$name.out" ]; then
    count="$(cat "$work/$name.out"/part-* | wc -l)"
  else
    count="$(wc -l <"$work/$name.out")"
  fi
  rows+=("$(printf '| %s | %d | %d | %.1f | %.1f | %.1f | %.2f | %s / %s |' "$name" "$inputs" \
    "$count" "$secs" "$(echo "$count / $secs" | bc -l)" "$cpu" "$(echo "$cpu / $secs" | bc -l)" \
    "$load_before" "$(cut -d' ' -f1 /proc/loadavg)")")
  echo "${rows[-1]}" >&2
}

m="$work/molecules.smi"
q="$work/questions.txt"
for r in $(seq 1 "$repeat"); do
  run molecule-cli "$molecules" "$attrib" molecule --input "$m" "${msteps[@]}" --format json \
    --out "$work/molecule-cli.out"
  run molecule-local1 "$molecules" "$attrib" batch --modality molecule --input "$m" \
    "${msteps[@]}" --format json --master 'local[1]' --out "$work/molecule-local1.out"
  run molecule-local2 "$molecules" "$attrib" batch --modality molecule --input "$m" \
    "${msteps[@]}" --format json --master 'local[2]' --out "$work/molecule-local2.out"
done
for r in $(seq 1 "$repeat"); do
  run text-cli "$questions" "$attrib" text --input "$q" --format json --out "$work/text-cli.out"
  run text-local1 "$questions" "$attrib" batch --modality text --input "$q" --format json \
    --master 'local[1]' --out "$work/text-local1.out"
  run text-local2 "$questions" "$attrib" batch --modality text --input "$q" --format json \
    --master 'local[2]' --out "$work/text-local2.out"
done

echo "| run | inputs | rows | wall s | rows/s | CPU s | cores used | load average before / after |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo
echo "molecule steps: ${MOLECULE_STEPS:-default (50)}"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)"
