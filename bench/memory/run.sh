#!/usr/bin/env bash
# The memory benchmark (bench/README.md, "Memory"): peak resident memory of `attrib image` IG runs
# against the memory budget, on a ResNet-18-sized TorchScript model (224x224, 1000 classes, random
# seeded weights, written by make_resnet18.py into WORKDIR; never committed) and on the built-in
# demo CNN.
#
#   bench/memory/run.sh [WORKDIR]       # STEPS="50 1000" BUDGETS="default 128M" by default
#   HEAP=default bench/memory/run.sh    # the JVM's own heap sizing instead of a fixed heap
#
# Build first (mvn -B -q package -DskipTests). Each run is the whole command under /usr/bin/time -v
# (its "Maximum resident set size"). The baseline of each model is a saliency run: the JVM, libtorch,
# the model and one forward+backward, which any attribution has too; the budget bounds what a
# batch adds on top of it. By default the JVM gets a fixed, pre-touched heap (HEAP=512m:
# -Xms512m -Xmx512m -XX:+AlwaysPreTouch), so the Java heap is the same in the baseline and in every
# run and the difference is what the batches add; with HEAP=default, G1 grows the heap as it likes
# during a long run (by up to a few hundred MB), which shows up on top. Prints a Markdown table;
# logs stay in WORKDIR. Runs at nice 19.
# Not a test: about 15 minutes on 2 cores (the 1,000-step ResNet-18 runs are most of it).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d -t attrib-memory-XXXXXX)}"
steps_list="${STEPS:-50 1000}"
budgets="${BUDGETS:-default 128M}"
heap="${HEAP:-512m}"
jvm=""
[ "$heap" != default ] && jvm="-Xms$heap -Xmx$heap -XX:+AlwaysPreTouch"
attrib="$home/bin/attrib"
mkdir -p "$work"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

if [ ! -f "$work/resnet18/model.pt" ] || [ ! -f "$work/test.png" ]; then
  nice -n 19 /usr/bin/python3 "$home/bench/memory/make_resnet18.py" "$work/resnet18" \
    "$work/test.png" >&2
fi

# run NAME ARGS...: peak RSS in MiB, batch size and the probe's line, as "MIB|BATCH|PROBE".
run() {
  local name="$1"
  shift
  ATTRIB_JAVA_OPTS="${ATTRIB_JAVA_OPTS:-} $jvm -Dattrib.memoryProbe=verbose" \
    nice -n 19 /usr/bin/time -v "$attrib" "$@" --format json >"$work/$name.json" 2>"$work/$name.log" \
    || { echo "($name failed; see $work/$name.log)" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
  local kb batch probe secs
  kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$name.log")"
  secs="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$name.log")"
  batch="$(grep -o '"batchSize":[0-9]*' "$work/$name.json" | head -1 | cut -d: -f2)"
  probe="$(sed -n 's/.*memory probe: .*\]; //p' "$work/$name.log" | head -1)"
  echo "$((kb / 1024))|${batch:-?}|${probe:-}|$secs"
}

mib() { # SIZE (512M, 2G, default) in MiB
  case "$1" in
    default) echo 512 ;;
    *[gG]) echo $((${1%[gG]} * 1024)) ;;
    *[mM]) echo "${1%[mM]}" ;;
  esac
}

echo "| model | run | budget | batch | peak RSS MiB | baseline MiB | peak − baseline MiB | within budget | wall time |"
echo "|---|---|---:|---:|---:|---:|---:|---|---:|"
probes=()
for model in resnet18 demo; do
  if [ "$model" = resnet18 ]; then
    image="$work/test.png"
    margs=(--model "$work/resnet18")
  else
    image="$home/examples/shape-3.png"
    margs=()
  fi
  IFS='|' read -r base _ _ secs <<<"$(run "$model-saliency" image "$image" "${margs[@]}" \
    --method saliency)"
  echo "| $model | saliency (baseline) | | 1 | $base | $base | 0 | | $secs |"
  for steps in $steps_list; do
    for budget in $budgets; do
      [ "$model" = demo ] && [ "$budget" != default ] && continue
      bargs=()
      [ "$budget" != default ] && bargs=(--memory-budget "$budget")
      IFS='|' read -r peak batch probe secs <<<"$(run "$model-$steps-$budget" image "$image" \
        "${margs[@]}" --steps "$steps" "${bargs[@]}")"
      b="$(mib "$budget")"
      over=$((peak - base))
      ok=yes
      [ "$over" -gt "$b" ] && ok=NO
      echo "| $model | IG $steps steps | ${b} MiB | $batch | $peak | $base | $over | $ok | $secs |"
      [ -n "$probe" ] && probes+=("$model, $steps steps, $budget: $probe")
    done
  done
done
echo
for p in "${probes[@]}"; do echo "- $p"; done
echo
echo "JVM heap: ${heap}; $(date -u '+%Y-%m-%d %H:%M UTC'); load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after;" \
  "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); logs in $work"
