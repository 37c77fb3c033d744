#!/bin/sh
# sh_man.sh — the man page lists exactly the flag rules core/flags.c applies, and lints clean.
set -u
fails=0
sh tests/man_rules.sh check "${GV_MANRULES:?}" man/growthview.1 && echo "ok 1 - generated flag rules up to date" ||
	{ echo "not ok 1 - generated flag rules up to date"; fails=1; }
if mandoc -Tlint -Wwarning man/growthview.1; then echo "ok 2 - mandoc -Tlint clean"; else echo "not ok 2 - mandoc -Tlint"; fails=1; fi
[ $fails = 0 ]
