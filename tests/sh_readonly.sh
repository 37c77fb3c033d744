#!/bin/sh
# sh_readonly.sh — a database whose directory cannot be written (a CD, a shared read-only mount,
# another user's directory): export, plot, flags and the TUI (with or without --read-only) read
# it and say so; import refuses with the reason.  And a database file made beforehand with mode
# 0644 (touch) becomes 0600 when growthview puts patient data in it.
#
# The directory is made read-only in a private mount namespace (unshare -rm: a read-only bind
# mount), else, as root, by running the commands as nobody on a 0555 directory; when neither is
# possible the read-only cases are skipped, visibly.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
. tests/tmux.sh
export HOME="$T" GROWTHVIEW_CONFIG=/dev/null GROWTHVIEW_TODAY=2025-06-01 LC_ALL=C.UTF-8

# ---------------------------------------------------------------- 0644 -> 0600
: >"$T/made.db"
chmod 644 "$T/made.db"
"$BIN" import --db "$T/made.db" tests/data/tui_clinic.csv >/dev/null 2>&1
rc=$?
check "a 0644 file made beforehand: imported into (status 0)" '[ $rc = 0 ]'
check "... and made 0600 before patient data went into it" '[ "$(stat -c %a "$T/made.db")" = 600 ]'
check "... its -wal and -shm, if any, are 0600 too" \
	'for f in "$T"/made.db-*; do [ ! -e "$f" ] || [ "$(stat -c %a "$f")" = 600 ] || exit 1; done'

# ---------------------------------------------------------------- a read-only directory
D="$T/ro"
mkdir "$D"
"$BIN" import --db "$D/a.db" tests/data/tui_clinic.csv >/dev/null 2>&1
chmod 755 "$T"
how=""
if unshare -rm sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && ! touch "$1/x" 2>/dev/null' \
	sh "$D" 2>/dev/null; then
	how=mount
elif [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 644 "$D/a.db"
	chmod 555 "$D"
	how=nobody
fi
# ro CMD...: CMD with $D not writable
ro() {
	case $how in
	mount) unshare -rm sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"' sh "$D" "$@" ;;
	nobody) setpriv --reuid=65534 --regid=65534 --clear-groups "$@" ;;
	esac
}
if [ -z "$how" ]; then
	echo "# cannot make a read-only directory here (no user namespaces, not root): read-only cases skipped"
	finish sh_readonly
	exit $?
fi
echo "# read-only directory by: $how"
note="note: $D/a.db: its directory cannot be written, so it is read as an unchanging file (changes made meanwhile by others are not shown)"
ro "$BIN" flags --db "$D/a.db" --all >"$T/f.out" 2>"$T/f.err"
rc=$?
check "flags: status 0, every patient" '[ $rc = 0 ] && [ $(grep -c " visits$" "$T/f.out") = 8 ]'
check "flags: says the database is read as an unchanging file" 'grep -qF "growthview flags: $note" "$T/f.err"'
ro "$BIN" export --db "$D/a.db" >"$T/e.out" 2>"$T/e.err"
rc=$?
check "export: status 0, 29 measurements, and the note" \
	'[ $rc = 0 ] && grep -q "exported 8 patients, 29 measurements" "$T/e.err" && grep -qF "growthview export: $note" "$T/e.err"'
ro "$BIN" plot --db "$D/a.db" --ascii UT-6 >"$T/p.out" 2>"$T/p.err"
rc=$?
check "plot: status 0, the chart, and the note" '[ $rc = 0 ] && grep -q "(UT-6), girl" "$T/p.out" && grep -qF "growthview plot: $note" "$T/p.err"'
ro "$BIN" import --db "$D/a.db" tests/data/visits_metric.csv >"$T/i.out" 2>"$T/i.err"
rc=$?
check "import: refused with a reason (status 2)" '[ $rc = 2 ] && [ -s "$T/i.err" ]'

# The TUI, with and without --read-only: it opens, and says why nothing can be changed.
# The pane runs growthview the same way (ro, as a script of its own).
if [ "$how" = mount ]; then
	run='exec unshare -rm sh -c '"'"'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"'"'"' sh "$D"'
else
	run='exec setpriv --reuid=65534 --regid=65534 --clear-groups'
fi
cat >"$T/tui.sh" <<EOF
D='$D'
$run env HOME="$T" GROWTHVIEW_CONFIG=/dev/null GROWTHVIEW_TODAY=2025-06-01 TERM=tmux-256color LC_ALL=C.UTF-8 "\$@"
EOF
tm_start 100 30 "sh $T/tui.sh $BIN --db $D/a.db --read-only"
check "TUI --read-only: opens on the list" 'tm_wait "8 patients"'
check "TUI --read-only: says why on screen" 'tm_wait "read-only: its directory cannot be written"'
tm_start 100 30 "sh $T/tui.sh $BIN --db $D/a.db"
check "TUI without --read-only: opens read-only instead of failing" 'tm_wait "8 patients"'
check "TUI without --read-only: says why on screen" 'tm_wait "read-only: its directory cannot be written"'
tm_keys Enter
tm_wait "weight-for-age" >/dev/null
tm_keys a
check "TUI: adding a measurement is refused with the reason" 'tm_wait "read-only: nothing can be changed (its directory"'

# A -wal file with committed changes that cannot be read without its -shm: said.
if [ "$how" = mount ]; then
	python3 - "$D/a.db" <<'PY'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("pragma journal_mode=wal")
c.execute("update patients set name = name || ' (renamed)' where ext_id = 'UT-6'")
c.commit()
os._exit(0)
PY
	rm -f "$D/a.db-shm"
	ro "$BIN" flags --db "$D/a.db" UT-6 >"$T/w.out" 2>"$T/w.err"
	check "a -wal file that cannot be read: said" 'grep -q "the changes still in its -wal file are not shown" "$T/w.err"'
fi
finish sh_readonly
