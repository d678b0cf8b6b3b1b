# Helpers for the tmux end-to-end tests, on top of the integration helpers:
# a session $S, its screen, waiting for text on it (or for it to go), keys.
. "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
S=ad-e2e-$$
trap 'tmux kill-session -t "$S" 2>/dev/null; cleanup' EXIT
screen() { tmux capture-pane -p -t "$S"; }
shows() { screen | grep -qE -- "$1"; }
shows_not() { ! shows "$1"; }
wait_screen() { # REGEX [SECONDS]
  poll "${2:-5}" shows "$1" && return 0
  screen >&2; die "screen never showed /$1/ within ${2:-5} s"
}
wait_screen_gone() { # REGEX [SECONDS]
  poll "${2:-5}" shows_not "$1" && return 0
  screen >&2; die "/$1/ still on screen after ${2:-5} s"
}
# wait_session_end [SECONDS]: the program in the session has exited.
session_gone() { ! tmux has-session -t "$S" 2>/dev/null; }
wait_session_end() { poll "${1:-5}" session_gone || { screen >&2; die "the console did not exit"; }; }
key() { tmux send-keys -t "$S" "$@"; }
