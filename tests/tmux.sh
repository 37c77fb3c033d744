# tmux.sh — sourced by the end-to-end TUI tests after tests/lib.sh: the real binary in a tmux
# pane of a fixed size (tmux's own regress/ style).
#   tm_start W H COMMAND   a private server (-L, -f /dev/null), a detached session "gv" (a
#                          previous one is killed first)
#   tm_keys KEY...         tmux send-keys (key names as tmux knows them: Enter, Escape, C-c...)
#   tm_wait TEXT [SECS]    poll the pane until TEXT appears (no fixed sleeps); on timeout print
#                          the last screen and fail
#   tm_gone TEXT [SECS]    poll until TEXT is no longer on the pane
#   tm_screen              the pane as text (also left in $T/screen)
#   tm_format FMT          a tmux format of the pane, e.g. '#{alternate_on}'
#   tm_golden NAME         the last screen but its title row (a clock) against
#                          tests/golden/NAME.txt (UPDATE_GOLDEN=1 rewrites it); a diff when not
# The server is killed on exit (with $T removed), whatever happens.
SOCK="gvtest$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$T"' EXIT
command -v tmux >/dev/null || { echo "# tmux is not installed"; exit 1; }

tm_start() {
	tm_w=$1
	tm_h=$2
	shift 2
	# a second session keeps the server up when "gv" ends, so that the next tm_start never
	# races with the server shutting down
	tmux -L "$SOCK" has-session -t keep 2>/dev/null ||
		tmux -L "$SOCK" -f /dev/null new-session -d -s keep "sleep 3600" || {
		echo "# tmux: cannot start a server"
		return 1
	}
	tmux -L "$SOCK" kill-session -t gv 2>/dev/null
	tmux -L "$SOCK" new-session -d -s gv -x "$tm_w" -y "$tm_h" "$*" || {
		echo "# tmux new-session failed"
		return 1
	}
}

tm_keys() {
	tmux -L "$SOCK" send-keys -t gv "$@"
}

tm_screen() {
	tmux -L "$SOCK" capture-pane -p -t gv >"$T/screen" 2>/dev/null
	cat "$T/screen"
}

tm_format() {
	tmux -L "$SOCK" display-message -p -t gv "$1" 2>/dev/null
}

tm_golden() {
	tm_g="tests/golden/$1.txt"
	sed 1d "$T/screen" >"$T/golden"
	[ "${UPDATE_GOLDEN:-}" = 1 ] && cp "$T/golden" "$tm_g"
	cmp -s "$T/golden" "$tm_g" || { diff "$tm_g" "$T/golden" | sed 's/^/# /'; return 1; }
}

tm_wait() {
	tm_to=${2:-30}
	tm_i=0
	while :; do
		tmux -L "$SOCK" capture-pane -p -t gv >"$T/screen" 2>/dev/null
		grep -F -q -- "$1" "$T/screen" && return 0
		tm_i=$((tm_i + 1))
		if [ $tm_i -gt $((tm_to * 20)) ]; then
			echo "# timeout after ${tm_to}s waiting for '$1'; the last screen:"
			sed 's/^/# |/' "$T/screen"
			return 1
		fi
		sleep 0.05
	done
}

tm_gone() {
	tm_to=${2:-30}
	tm_i=0
	while :; do
		tmux -L "$SOCK" capture-pane -p -t gv >"$T/screen" 2>/dev/null
		grep -F -q -- "$1" "$T/screen" || return 0
		tm_i=$((tm_i + 1))
		if [ $tm_i -gt $((tm_to * 20)) ]; then
			echo "# timeout after ${tm_to}s waiting for '$1' to go; the last screen:"
			sed 's/^/# |/' "$T/screen"
			return 1
		fi
		sleep 0.05
	done
}

# The environment every TUI test runs in: a private HOME and config, a fixed "today", a known
# terminal type, a UTF-8 locale.
GV_ENV="env HOME=$T GROWTHVIEW_CONFIG=/dev/null GROWTHVIEW_TODAY=2025-06-01 TERM=tmux-256color LC_ALL=C.UTF-8"
