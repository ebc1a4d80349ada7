#!/usr/bin/env bash
# Makes the report and checks it in a real browser: headless Chromium loads the page, every
# picture must load (complete, with a size), the page must hold no script (so it can have no
# script error), and a screenshot of the whole page is taken.
#
#   docs/report/check.sh [DIR]          # DIR defaults to report/; needs a build (mvn -B -q package -DskipTests)
#   docs/report/check.sh --docs [DIR]   # also refreshes docs/report.png (needs ImageMagick's convert)
#
# Environment: CHROMIUM (default: chromium, the Debian package), WIDTH (default: 1300 pixels).
#
# How the pictures are checked without a script in the report: a probe page in a temporary folder
# holds the report in an iframe and, once everything has loaded, writes what it found into its own
# DOM, which --dump-dom prints (--allow-file-access-from-files lets the probe read the report's DOM;
# --virtual-time-budget lets loading finish first). The report itself stays script-free.
set -euo pipefail

docs=false
if [ "${1:-}" = "--docs" ]; then
  docs=true
  shift
fi
repo="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-report}"
chromium="${CHROMIUM:-chromium}"
width="${WIDTH:-1300}"
if ! command -v "$chromium" >/dev/null 2>&1; then
  echo "check.sh: no $chromium; install the Debian package chromium, or set CHROMIUM" >&2
  exit 1
fi

start=$(date +%s.%N)
"$repo/bin/attrib" report --out "$out"
end=$(date +%s.%N)
seconds=$(echo "$end - $start" | bc)
echo "attrib report: ${seconds} s wall time on $(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg))"

page="$(cd "$out" && pwd)/index.html"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/probe.html" <<PROBE
<!DOCTYPE html><html><body>
<iframe id="r" src="file://$page" style="width:${width}px;height:800px"></iframe>
<pre id="out">no result: the report did not load</pre>
<script>
window.addEventListener('load', function () {
  var out = document.getElementById('out');
  try {
    var d = document.getElementById('r').contentDocument;
    var imgs = Array.prototype.slice.call(d.images);
    var bad = imgs.filter(function (i) { return !i.complete || i.naturalWidth === 0; })
                  .map(function (i) { return i.getAttribute('src'); });
    out.textContent = 'images=' + imgs.length + ' broken=' + bad.length
        + ' scripts=' + d.scripts.length + ' height=' + d.documentElement.scrollHeight
        + (bad.length ? ' missing: ' + bad.join(' ') : '');
  } catch (e) { out.textContent = 'probe error: ' + e; }
});
</script></body></html>
PROBE

flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files)
result=$("$chromium" "${flags[@]}" --virtual-time-budget=20000 --dump-dom "file://$tmp/probe.html" \
  2>"$tmp/chromium.log" | sed -n 's/.*<pre id="out">\([^<]*\)<.*/\1/p')
echo "chromium: $result"
case "$result" in
  images=*' broken=0 scripts=0 '*) ;;
  *)
    echo "check.sh: the page did not load cleanly (chromium's log: $tmp/chromium.log)" >&2
    cp "$tmp/chromium.log" "$out/chromium.log" 2>/dev/null || true
    exit 1
    ;;
esac
images=${result#images=}
images=${images%% *}
if [ "$images" -lt 10 ]; then
  echo "check.sh: only $images pictures on the page" >&2
  exit 1
fi
height=${result##*height=}
height=${height%% *}

# The whole page, at the width the probe laid it out.
"$chromium" "${flags[@]}" --window-size="$width,$height" --screenshot="$out/screenshot.png" \
  "file://$page" >/dev/null 2>>"$tmp/chromium.log"
echo "screenshot: $out/screenshot.png (${width}x${height})"

if $docs; then
  # 70% and 64 colours, undithered: the text still reads, the file stays near half a megabyte.
  convert "$out/screenshot.png" -resize 70% +dither -colors 64 "$repo/docs/report.png"
  echo "docs: docs/report.png ($(stat -c %s "$repo/docs/report.png") bytes)"
fi
