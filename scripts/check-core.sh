#!/usr/bin/env bash
# Proves app/core/ is pure: libc headers only, and no I/O, clock, curses,
# libuv, lws or sqlite symbols in its objects.
set -eu
bad=0
allowed='^(stdarg|stdbool|stddef|stdint|stdio|stdlib|string|strings|ctype|limits|assert|inttypes|errno)\.h$'
while IFS= read -r line; do
  f=${line%%:*}; h=$(sed -E 's/.*#include *<([^>]+)>.*/\1/' <<<"$line")
  if ! [[ $h =~ $allowed ]]; then echo "check-core: $f includes <$h>"; bad=1; fi
done < <(grep -Hn '#include *<' app/core/*.[ch])
forbidden='^(time|clock_gettime|gettimeofday|fopen|open|read|write|socket|connect|send|recv|poll|select|getenv|rand|srand|sleep|usleep|nanosleep|printf|puts|fputs|fprintf|fwrite|system|popen|fork|exec.*|uv_.*|lws_.*|sqlite3_.*|initscr|wrefresh|doupdate)$'
for o in "$@"; do
  for s in $(nm -u "$o" | awk '{print $2}' | sed 's/@.*//'); do
    if [[ $s =~ $forbidden ]]; then echo "check-core: $o uses $s"; bad=1; fi
  done
done
[ $bad = 0 ] && echo "check-core: app/core is pure ($# objects, libc only)"
exit $bad
