#!/usr/bin/env bash
# Peak memory on two big files (issue #12, item 9): a 100 MB Markdown file and a 21 MB
# single-line HTML file, against the goal of at most 4 x the file + 30 MiB.
#
#   benches/peak_memory.sh [MD_DIR [HTML_DIR]]
#
# The files are built from the Markdown files of MD_DIR, one after another until 100 MB,
# and from the <body> of the HTML files of HTML_DIR with their line breaks removed, one
# after another on one line until 21 MB (both default to testdata/). The release binary
# is measured with /usr/bin/time -v (apt-get install time); it prints the maximum
# resident set size and the wall time of each run.
set -euo pipefail
cd "$(dirname "$0")/.."
md_dir=${1:-testdata}
html_dir=${2:-$md_dir}
bin=target/release/consentlint
[ -x "$bin" ] || cargo build --release
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$md_dir" "$html_dir" "$work" <<'EOF'
import os, re, sys
md_dir, html_dir, work = sys.argv[1:]
def files(d, ext):
    return sorted(os.path.join(r, f) for r, _, fs in os.walk(d) for f in fs if f.endswith(ext))
md = [open(f, 'rb').read() for f in files(md_dir, '.md')]
target = 100 * 1000 * 1000
with open(os.path.join(work, 'big.md'), 'wb') as out:
    n = 0
    while md and n < target:
        for b in md:
            if n >= target:
                break
            out.write(b + b'\n\n')
            n += len(b) + 2
bodies = []
for f in files(html_dir, '.html'):
    s = open(f, 'rb').read()
    m = re.search(rb'<body[^>]*>(.*)</body>', s, re.S)
    bodies.append((m.group(1) if m else s).replace(b'\r', b'').replace(b'\n', b' '))
target = 21 * 1000 * 1000
parts, n = [], 0
while bodies and n < target:
    for b in bodies:
        if n >= target:
            break
        parts.append(b)
        n += len(b)
head = b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>big</title></head><body>'
with open(os.path.join(work, 'big.html'), 'wb') as out:
    out.write(head + b''.join(parts) + b'</body></html>')
EOF

# sizes in MiB (/usr/bin/time reports KiB); the goal is 4 x the file + 30 MiB
printf '%-10s %10s %12s %12s %10s\n' file size "peak RSS" goal wall
for f in big.md big.html; do
    size=$(stat -c %s "$work/$f")
    /usr/bin/time -v "$bin" --format compact "$work/$f" >/dev/null 2>"$work/time" || true
    rss_kb=$(awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}' "$work/time")
    wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$work/time")
    awk -v f="$f" -v s="$size" -v r="$rss_kb" -v w="$wall" 'BEGIN {
        mib = s / 1048576; peak = r / 1024; goal = 4 * mib + 30
        printf "%-10s %6.1f MiB %8.1f MiB %8.1f MiB %10s  %s\n", f, mib, peak, goal, w, (peak <= goal ? "met" : "missed")
    }'
done
