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
# zh_console COLSxROWS OPERATOR PASSWORD [ARGS...]: the console in Chinese in
# session $S against center c (no user config), console id OPERATOR,
# journal $T/j.db.
zh_console() {
  local size=$1 op=$2 pw=$3; shift 3
  # The data set's cameras are fictional addresses: a claim would open one
  # and say on the message line what the network answered. Only the video
  # tests show pictures (with cameras of their own).
  mkdir -p "$T/none/alarmdesk"
  printf '[video]\nenabled = false\n' >"$T/none/alarmdesk/alarmdesk.conf"
  tmux new-session -d -s "$S" -x "${size%x*}" -y "${size#*x}" \
    "cd '$ROOT' && LANG=C.UTF-8 XDG_CONFIG_HOME='$T/none' ALARMDESK_PASSWORD=$pw ./alarmdesk --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o $op --console-id $op --journal '$T/j.db' $*"
}
