#!/usr/bin/env bash
# The TorchScript text-CNN benchmark (bench/README.md, "TorchScript text CNN"): IG per input on a
# text CNN against the plain batched forward+backward, one at a time, batched, and through the CLI.
#
#   bench/textcnn/run.sh [WORKDIR]      # ROUNDS=3 REPEAT=16 CLI_RUNS=5 by default
#   DIM=64 FILTERS=64 bench/textcnn/run.sh     # a smaller CNN, the size of the issue's (README)
#
# Build first (mvn -B -q package -DskipTests). Then this
#   1. writes the model folder bench/target/textcnn, or textcnn-dDIM-fFILTERS (make_textcnn.py;
#      never committed),
#   2. runs `attrib-bench text-cnn` (floor in DJL, library one at a time and batched, checks),
#   3. runs the same floor in PyTorch from Python (floor.py) on the token ids the bench wrote,
#   4. times `attrib text --model DIR --input FILE --format json` on 1 line, on N lines (the 50
#      questions REPEAT times) and on 2N lines; the per-input time of the CLI batch is the
#      difference of the 1-line and N-line runs divided by N - 1, so JVM start, model loading and
#      the first input cancel out (the JIT's and the memory probe's warm-up on later inputs do
#      not); the difference of the N-line and 2N-line runs divided by N is its steady state,
# and prints one Markdown table with the issue's ratios. Logs stay in WORKDIR. Runs at nice 19, so
# other jobs on the machine win; check the load line under the table.
# Not a test: about two minutes on 2 cores.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d -t attrib-textcnn-XXXXXX)}"
rounds="${ROUNDS:-3}"
repeat="${REPEAT:-16}"
cli_runs="${CLI_RUNS:-5}"
dim="${DIM:-128}"
filters="${FILTERS:-100}"
model="$home/bench/target/textcnn"
[ "$dim/$filters" = 128/100 ] || model="$home/bench/target/textcnn-d$dim-f$filters"
attrib="$home/bin/attrib"
questions="$home/bench/src/main/resources/dev/attrib/bench/textcnn-questions.txt"
mkdir -p "$work"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

nice -n 19 /usr/bin/python3 "$home/bench/textcnn/make_textcnn.py" --dim "$dim" --filters "$filters" "$model" >&2
nice -n 19 "$attrib" check --model "$model" >"$work/check.log" 2>&1 \
  || { echo "attrib check failed on $model:" >&2; cat "$work/check.log" >&2; exit 1; }

nice -n 19 java --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
  -jar "$home/bench/target/attrib-bench.jar" text-cnn --model "$model" --rounds "$rounds" \
  --threads 1 --ids "$work/ids.json" | tee "$work/java.log" >&2
nice -n 19 /usr/bin/python3 "$home/bench/textcnn/floor.py" "$work/ids.json" "$rounds" \
  | tee "$work/python.log" >&2

# value KEY FILE: KEY=VALUE from the file's RESULT line.
value() { grep '^RESULT' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

head -1 "$questions" >"$work/one.txt"
for _ in $(seq 1 "$repeat"); do cat "$questions"; done >"$work/many.txt"
cat "$work/many.txt" "$work/many.txt" >"$work/double.txt"
lines="$(wc -l <"$work/many.txt")"
# cli FILE: wall seconds of one whole `attrib text` batch over FILE.
cli() {
  local t0 t1
  t0="$(date +%s%N)"
  nice -n 19 "$attrib" text --model "$model" --input "$1" --format json --out "$work/out.jsonl" \
    >"$work/cli.log" 2>&1 || { echo "attrib text failed; see $work/cli.log" >&2; exit 1; }
  t1="$(date +%s%N)"
  echo "scale=4; ($t1 - $t0) / 1000000000" | bc
}
one=()
many=()
double=()
for _ in $(seq 1 "$cli_runs"); do
  one+=("$(cli "$work/one.txt")")
  many+=("$(cli "$work/many.txt")")
  double+=("$(cli "$work/double.txt")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
one_s="$(median "${one[@]}")"
many_s="$(median "${many[@]}")"
double_s="$(median "${double[@]}")"
cli_ms="$(echo "scale=4; ($many_s - $one_s) * 1000 / ($lines - 1)" | bc)"
steady_ms="$(echo "scale=4; ($double_s - $many_s) * 1000 / $lines" | bc)"
echo "CLI: 1 line ${one[*]} s, $lines lines ${many[*]} s, $((2 * lines)) lines ${double[*]} s" >&2

floor="$(value floor "$work/java.log")"
pyfloor="$(value python_floor "$work/python.log")"
grouped="$(value floorBatched "$work/java.log")"
group="$(value group "$work/java.log")"
ceiling="$(value ceiling "$work/java.log")"
lib="$(value library "$work/java.log")"
bat="$(value batched "$work/java.log")"
ratio="$(value libraryOverFloor "$work/java.log")"
speedup="$(value speedup "$work/java.log")"
api="$(value explainAll "$work/java.log")"

verdict() { # VALUE OP LIMIT
  if awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {exit !((op == "<=") ? v <= l : v >= l)}'; then
    echo met
  else
    echo "**NOT met**"
  fi
}
cli_ratio="$(awk -v c="$cli_ms" -v b="$bat" 'BEGIN {printf "%.2f", c / b}')"
steady_ratio="$(awk -v c="$steady_ms" -v b="$bat" 'BEGIN {printf "%.2f", c / b}')"
batched_note=""
[ "$api" = true ] || batched_note=" (explainAll not in this build: a loop over explain)"

echo
echo "| row | ms per input |"
echo "|---|---:|"
printf '| floor, DJL: one 50-point forward+backward | %.3f |\n' "$floor"
printf '| floor, PyTorch from Python (for reference) | %.3f |\n' "$pyfloor"
printf '| floor, DJL, batched: %d inputs padded, one %d-row forward+backward | %.3f |\n' "$group" \
  "$((group * 50))" "$grouped"
printf '| library, one at a time (`explain`) | %.3f |\n' "$lib"
printf '| library, batched (`explainAll`)%s | %.3f |\n' "$batched_note" "$bat"
printf '| CLI batch (`attrib text --input`, %d lines − 1 line) / %d | %.3f |\n' "$lines" \
  "$((lines - 1))" "$cli_ms"
printf '| CLI batch, steady state (%d lines − %d lines) / %d | %.3f |\n' "$((2 * lines))" \
  "$lines" "$lines" "$steady_ms"
echo
echo "| ratio | value | target | |"
echo "|---|---:|---|---|"
printf '| library one at a time / floor | %.2f | ≤ 1.3 | %s |\n' "$ratio" "$(verdict "$ratio" '<=' 1.3)"
printf '| batched throughput / one at a time | %.2f× | ≥ 2.5× | %s |\n' "$speedup" \
  "$(verdict "$speedup" '>=' 2.5)"
printf '| CLI batch / library batched | %.2f | ≤ 1.2 | %s |\n' "$cli_ratio" \
  "$(verdict "$cli_ratio" '<=' 1.2)"
printf '| CLI batch steady state / library batched | %.2f | ≤ 1.2 | %s |\n' "$steady_ratio" \
  "$(verdict "$steady_ratio" '<=' 1.2)"
printf '| (bound) one at a time / batched floor: the most batching can give | %.2f× | | |\n' \
  "$ceiling"
echo
grep -E '^(completeness|floor.s gradients|floor batched|batched against)' "$work/java.log" | sed 's/^/- /'
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); load average $load_before before," \
  "$(cut -d' ' -f1-3 /proc/loadavg) after; $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); rounds $rounds," \
  "CLI runs $cli_runs; logs in $work"
