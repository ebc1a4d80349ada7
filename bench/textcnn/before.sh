#!/usr/bin/env bash
# The text-CNN bench's library rows on the code as it was before issue 13's work began (commit
# bffc6b1, 2026-11-27 08:21 UTC): "today's one-at-a-time loop" that the issue's batching target
# is a multiple of (bench/README.md, "The loop before issue 13").
#
#   bench/textcnn/before.sh MODEL_DIR [ROUNDS]      # e.g. bench/target/textcnn, 7
#
# Builds that commit in a temporary git worktree (Maven, offline once the project has been built:
# its dependencies are in ~/.m2), compiles this tree's TextCnnBench against it with the two
# changes the old API needs (no EngineThreads: the thread properties are set directly, to the same
# values; no explainAll: its row is a loop over explain) and runs it on MODEL_DIR. The floor rows
# are the same code in both builds. Prints the bench's output; removes the worktree at the end.
# Run it beside `attrib-bench text-cnn --model MODEL_DIR` on this tree, alternating, to compare.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="$(cd "${1:?usage: before.sh MODEL_DIR [ROUNDS]}" && pwd)"
rounds="${2:-7}"
commit=bffc6b1
work="$(mktemp -d -t attrib-before-XXXXXX)"
cleanup() {
  git -C "$home" worktree remove --force "$work/src" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$home" worktree add -q --detach "$work/src" "$commit"
(cd "$work/src" && mvn -B -q -o package -DskipTests -Dspotless.check.skip=true) >&2

mkdir -p "$work/bench/dev/attrib/bench"
bench="$work/bench/dev/attrib/bench/TextCnnBench.java"
cp "$home/bench/src/main/java/dev/attrib/bench/TextCnnBench.java" "$bench"
cp "$home/bench/src/main/resources/dev/attrib/bench/textcnn-questions.txt" \
  "$work/bench/dev/attrib/bench/"
python3 - "$bench" <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read()
changes = [
    ("import dev.attrib.ig.EngineThreads;\n", ""),
    ("EngineThreads.use(threads);",
     'System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));'
     ' System.setProperty("ai.djl.pytorch.num_interop_threads", "1");'),
    ("""    for (Explainer.Outcome<TextEncoding> o : explainer.explainAll(inputs, s)) {
      if (o.error() != null) {
        throw new IllegalStateException("explainAll failed on '" + o.input() + "': " + o.error());
      }
      out.add(o.explanation());
    }""",
     """    for (String in : inputs) {
      out.add(explainer.explain(in, s));
    }"""),
    # The old Explainer explains raw text only: the "explain encoded" diagnostic row explains the
    # question again (its figure then repeats the library's; ignore it).
    ("explainer.explain(encoded.get(q), s)", "explainer.explain(qs.get(q), s)"),
]
for old, new in changes:
    if old not in s:
        sys.exit("before.sh: TextCnnBench.java has changed; '%s' not found" % old.strip())
    s = s.replace(old, new)
open(p, "w").write(s)
EOF

cp_old="$(ls "$work"/src/*/target/attrib-*-SNAPSHOT.jar | grep -v -e tests -e spark | tr '\n' ':')"
cp_old="$cp_old$(ls "$work"/src/cli/target/lib/*.jar | tr '\n' ':')"
javac -nowarn -d "$work/bench" -cp "$cp_old" "$bench" >&2
java --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -cp "$work/bench:$cp_old" \
  dev.attrib.bench.TextCnnBench --model "$model" --rounds "$rounds" --threads 1
