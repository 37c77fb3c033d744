# lib.sh — sourced by the shell tests (run from the top of the tree, as make check does):
# a temporary directory $T removed on exit, and TAP-style checks.
#   check "what is checked" 'shell condition'   -> "ok N - ..." or "not ok N - ..."
#   finish NAME                                 -> summary line; status 1 when a check failed
#   need_shared REL "what"                       -> 0 when ../shared has REL, else a counted skip
#                                                  (tests/shared.sh)
# A condition runs in the caller's shell: capture a command's status in a variable first
# (rc=$?) and test that, since $? inside check is check's own.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
n=0
check() {
	n=$((n + 1))
	if eval "$2"; then
		echo "ok $n - $1"
	else
		fails=$((fails + 1))
		echo "not ok $n - $1"
	fi
}
finish() {
	echo "# $1: $n checks, $fails failed"
	[ $fails = 0 ]
}
. tests/shared.sh
