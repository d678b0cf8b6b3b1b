# Helpers for the tmux end-to-end tests, on top of the integration helpers:
# a session $S, its screen, waiting for text on it, keys.
. "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
S=ad-e2e-$$
trap 'tmux kill-session -t "$S" 2>/dev/null; cleanup' EXIT
screen() { tmux capture-pane -p -t "$S"; }
wait_screen() { # REGEX [SECONDS]
  for _ in $(seq $(( ${2:-5} * 20 ))); do screen | grep -qE -- "$1" && return 0; sleep 0.05; done
  screen >&2; die "screen never showed /$1/ within ${2:-5} s"
}
key() { tmux send-keys -t "$S" "$@"; }
