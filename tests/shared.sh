# shared.sh — sourced by the shell tests that use ../shared (the CDC SAS oracle, the Synthea
# bundles), through tests/lib.sh or directly.
#   if need_shared REL "what needs it"; then ... fi
# returns 0 when $GV_SHARED/REL exists.  Otherwise the block cannot run where the repository was
# cloned alone: it prints "# SKIP ...", appends a line to $GV_SKIPS (make test counts them) and
# returns 1 — unless GV_REQUIRE_SHARED=1 (CI, where ../shared is present): then it is a failed
# check (the caller's `check`) and returns 1.
: "${GV_SHARED:=../shared}"
need_shared() {
	[ -e "$GV_SHARED/$1" ] && return 0
	if [ "${GV_REQUIRE_SHARED:-}" = 1 ]; then
		check "$2: $GV_SHARED/$1 is there (GV_REQUIRE_SHARED=1)" false
		return 1
	fi
	echo "# SKIP $2: needs $GV_SHARED/$1: ../shared not found"
	if [ -n "${GV_SKIPS:-}" ]; then
		echo "$(basename "$0" .sh): $2 ($1)" >> "$GV_SKIPS"
	fi
	return 1
}
