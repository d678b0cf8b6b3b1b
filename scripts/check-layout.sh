#!/usr/bin/env bash
# Checks the shape of the code, not its behaviour:
#  1. no include cycle between headers;
#  2. no loop of calls between files (a.c calls b.c calls a.c), read from the
#     built objects' symbols: each file's module sits above what it calls;
#  3. no file of the console (app/ ui/ maps/ audio/ net/ common/) includes a
#     center/ header, and the UI reads the console through app/view.h only
#     (no ui/ file includes app/app.h or app/app-int.h);
#  4. no .c file over 600 lines, except those in scripts/long-files.txt with
#     the reason it must be longer.
# Loops still being untangled are listed in scripts/known-loops.txt, one per
# line (its files, sorted, space-separated); a loop not listed fails, and so
# does a listed loop that is gone (the list only shrinks).
# Usage: scripts/check-layout.sh [BUILD_DIR]   (default build)
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
dirs="app common net ui maps audio center"
bad=0
fail() { echo "check-layout: $*"; bad=1; }

# Strongly connected parts of a graph given as "from to" lines on stdin:
# prints each part with two or more nodes as one sorted line.
loops() {
  awk '{ n[$1]; n[$2]; e[$1] = e[$1] " " $2 }
  END {
    for (s in n) {                       # what s reaches
      delete seen; q[0] = s; h = 0; t = 1
      while (h < t) { x = q[h++]; k = split(e[x], to, " ")
        for (i = 1; i <= k; i++) if (!(to[i] in seen)) { seen[to[i]]; q[t++] = to[i] } }
      for (y in seen) r[s, y]
    }
    for (s in n) {
      if (!((s, s) in r) || (s in done)) continue
      line = s; done[s]
      for (y in n) if (y != s && ((s, y) in r) && ((y, s) in r)) { line = line " " y; done[y] }
      print line
    }
  }' | while read -r l; do tr ' ' '\n' <<<"$l" | sort | paste -sd' '; done | sort
}

# 1. Include cycles between headers.
inc=$(for f in $(find $dirs -name '*.[ch]'); do
  d=$(dirname "$f")
  sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f" | while read -r h; do
    echo "$f $(realpath -m --relative-to=. "$d/$h")"
  done
done)
while read -r l; do [ -n "$l" ] && fail "include cycle: $l"; done < <(grep '\.h .*\.h$' <<<"$inc" | loops)

# 3. The console never includes the center; the UI never looks into the app.
while read -r f h; do
  case $f in center/*) ;; *) case $h in center/*) fail "$f includes $h (console code uses common/, not center/)";; esac;; esac
  case $f:$h in ui/*:app/app.h|ui/*:app/app-int.h) fail "$f includes $h (the UI reads app/view.h)";; esac
done <<<"$inc"

# 2. Call loops between files, from the objects' defined and used symbols.
objs=$(find $(printf "$build/%s " $dirs) -name '*.o' 2>/dev/null | sort)
if [ -z "$objs" ]; then fail "no objects under $build/: build first"; else
  calls=$(for o in $objs; do
    f=${o#$build/}; f=${f%.o}.c
    nm -g --defined-only "$o" | awk -v f="$f" '$2 ~ /[TDBRC]/ {print "D", f, $3}'
    nm -u "$o" | awk -v f="$f" '{print "U", f, $2}'
  done | awk '$1 == "D" { def[$3] = $2; next } { use[++n] = $2 " " $3 }
    END { for (i = 1; i <= n; i++) { split(use[i], p, " ")
      if ((p[2] in def) && def[p[2]] != p[1]) print p[1], def[p[2]] } }' | sort -u)
  found=$(loops <<<"$calls")
  known=$(grep -v '^#' scripts/known-loops.txt 2>/dev/null | sed '/^$/d' | sort)
  while read -r l; do
    [ -n "$l" ] && ! grep -qxF "$l" <<<"$known" && fail "call loop: $l"
  done <<<"$found"
  while read -r l; do
    [ -n "$l" ] && ! grep -qxF "$l" <<<"$found" && fail "known loop gone, remove it from scripts/known-loops.txt: $l"
  done <<<"$known"
fi

# 4. Long files.
for f in $(find $dirs -name '*.c' | sort); do
  n=$(wc -l <"$f")
  if [ "$n" -gt 600 ] && ! grep -q "^$f " scripts/long-files.txt 2>/dev/null; then
    fail "$f has $n lines (at most 600, or say why in scripts/long-files.txt)"
  fi
done

[ $bad = 0 ] && echo "check-layout: no include cycle, no call loop beyond scripts/known-loops.txt, no console file includes center/, ui/ reads app/view.h only, long files explained"
exit $bad
