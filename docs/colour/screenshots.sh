#!/usr/bin/env bash
# Takes the screenshots of docs/colour.md: attrib text and attrib translate --words in tmux, as a
# 256-colour terminal (TERM=screen-256color, no COLORTERM), drawn on a dark and a light background.
# Needs tmux, python3 and chromium (Debian's package); run after `mvn -B -q package -DskipTests`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=docs/colour
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shoot NAME COLUMNS ROWS COMMAND: runs COMMAND once to warm up, then again on a clear screen, and
# keeps the screen with its colours in $work/NAME.ansi.
shoot() {
  local name=$1 cols=$2 rows=$3 cmd=$4 sock=attrib-shot-$$
  tmux -L "$sock" -f /dev/null new-session -d -x "$cols" -y "$rows" \
    "env -u COLORTERM TERM=screen-256color bash --norc --noprofile"
  tmux -L "$sock" set -g default-terminal screen-256color
  tmux -L "$sock" send-keys "PS1='\$ '; $cmd > /dev/null; clear" Enter
  sleep 1
  for _ in $(seq 1 240); do
    # Warmed up once the screen holds nothing but the prompt.
    tmux -L "$sock" capture-pane -p | grep -v '^\$ *$' | grep -q . || break
    sleep 0.5
  done
  tmux -L "$sock" send-keys "$cmd" Enter
  for _ in $(seq 1 240); do
    sleep 0.5
    if tmux -L "$sock" capture-pane -p | tail -n +2 | grep -q '^\$ *$'; then break; fi
  done
  tmux -L "$sock" capture-pane -e -p > "$work/$name.ansi"
  tmux -L "$sock" kill-server
}

# picture NAME WIDTH HEIGHT: $work/NAME.ansi as docs/colour/NAME-dark.png and NAME-light.png.
picture() {
  local name=$1 w=$2 h=$3
  for theme in dark light; do
    python3 "$out/ansi2html.py" "$theme" \
      "tmux, TERM=screen-256color, no COLORTERM ($theme background)" \
      < "$work/$name.ansi" > "$work/$name-$theme.html"
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
      --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
      --window-size="$w,$h" --screenshot="$PWD/$out/$name-$theme.png" \
      "file://$work/$name-$theme.html" > /dev/null 2>&1
  done
}

shoot text 100 9 'bin/attrib text "how many townships have a population above 50 ?"'
picture text 1000 215
shoot translate 110 20 'bin/attrib translate "good morning ladies and gentlemen" --words'
picture translate 1010 420
ls -l "$out"/*.png
