#!/usr/bin/env python3
"""Turns `tmux capture-pane -e -p` output into an HTML page that looks like the terminal.

Usage: ansi2html.py dark|light TITLE < capture.txt > page.html  (TITLE: the line above the screen)
Knows SGR 0, 1, 22, 30-37, 39, 40-47, 49, 90-97, 100-107, 38;5;N, 48;5;N, 38;2;R;G;B, 48;2;R;G;B.
"""
import html, re, sys

THEMES = {
    # name: (background, foreground, the 16 system colours: xterm's defaults)
    "dark": ("#1e1e1e", "#d4d4d4"),
    "light": ("#ffffff", "#1e1e1e"),
}
SYSTEM = ["#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
          "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff"]


def xterm(n):
    if n < 16:
        return SYSTEM[n]
    if n >= 232:
        v = 8 + 10 * (n - 232)
        return "#%02x%02x%02x" % (v, v, v)
    n -= 16
    lv = lambda i: 0 if i == 0 else 55 + 40 * i
    return "#%02x%02x%02x" % (lv(n // 36), lv(n // 6 % 6), lv(n % 6))


def main():
    theme, title = sys.argv[1], sys.argv[2]
    bg0, fg0 = THEMES[theme]
    text = sys.stdin.read().rstrip("\n")
    fg = bg = None
    bold = False
    out = []
    for part in re.split(r"(\x1b\[[0-9;]*m)", text):
        m = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
        if not m:
            if part:
                style = []
                if fg: style.append("color:" + fg)
                if bg: style.append("background:" + bg)
                if bold: style.append("font-weight:bold")
                s = html.escape(part)
                out.append('<span style="%s">%s</span>' % (";".join(style), s) if style else s)
            continue
        codes = [int(c) if c else 0 for c in m.group(1).split(";")]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0: fg = bg = None; bold = False
            elif c == 1: bold = True
            elif c == 22: bold = False
            elif 30 <= c <= 37: fg = SYSTEM[c - 30]
            elif 90 <= c <= 97: fg = SYSTEM[c - 90 + 8]
            elif 40 <= c <= 47: bg = SYSTEM[c - 40]
            elif 100 <= c <= 107: bg = SYSTEM[c - 100 + 8]
            elif c == 39: fg = None
            elif c == 49: bg = None
            elif c in (38, 48) and codes[i + 1] == 5:
                col = xterm(codes[i + 2]); i += 2
                if c == 38: fg = col
                else: bg = col
            elif c in (38, 48) and codes[i + 1] == 2:
                col = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5]); i += 4
                if c == 38: fg = col
                else: bg = col
            i += 1
    print("""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body{margin:0;background:%s}
.bar{font:13px sans-serif;color:%s;background:%s;padding:4px 10px}
pre{margin:0;padding:10px 12px;color:%s;font:15px/1.35 'DejaVu Sans Mono',monospace}
</style></head><body><div class="bar">%s</div><pre>%s</pre></body></html>""" % (
        bg0, fg0, "#333" if theme == "dark" else "#ddd", fg0, html.escape(title), "".join(out)))


main()
