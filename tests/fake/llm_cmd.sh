#!/bin/sh
# llm_cmd.sh MODE FILE [N] — stands in for `llama-cli`, `ollama run MODEL` or any script in the tests
# of the command backend (tests/app_llm_cmd.c).  FILE is a scratch path the mode writes to (its
# input, process ids) so the test can check what happened.
mode=$1
f=$2
case $mode in
good) # the prompt to FILE, one answer line
	cat >"$f"
	printf 'Weight-for-age is on the 48th percentile (z -0.04).\n' ;;
fail) # stderr lines, status 3
	cat >/dev/null
	printf 'loading model\nline two\nline three\nerror: out of memory\n' >&2
	exit 3 ;;
slow) # past any time-out; a child of its own in the group
	sleep 30 &
	echo "$$ $!" >"$f"
	wait ;;
huge) # never ends on its own: only the cap stops it
	exec yes 'all work and no play makes the model a dull summariser' ;;
bytes) # exactly N bytes of output (the cap is 65536)
	cat >/dev/null
	head -c "$3" /dev/zero | tr '\0' a ;;
binary) # Latin-1, not UTF-8
	printf 'caf\351 au lait\n' ;;
nul)
	printf 'a\000b\n' ;;
empty)
	cat >/dev/null
	printf '  \n\t\n' ;;
grandchild) # answers and exits, leaving a background child that holds stdout open
	sleep 30 &
	echo "$!" >"$f"
	printf 'quick answer\n'
	exit 0 ;;
deadlock) # 200 kB to stderr and 60 kB to stdout before reading a byte of its input
	head -c 200000 /dev/zero | tr '\0' e >&2
	head -c 60000 /dev/zero | tr '\0' o
	wc -c | tr -d ' ' ;;
noread) # never reads its input
	echo ok ;;
signal) # killed by a signal (TERM: no core file)
	cat >/dev/null
	kill -TERM $$ ;;
escapes) # escape sequences on stdout (kept: the text is raw) and on stderr (cleaned in the error)
	printf 'plain \033[31mred\033[0m text\n'
	printf 'bad \033]0;owned\007 title\n' >&2
	exit 4 ;;
barrier) # N of us must run at the same time: each waits (at most 20 s) until N have started
	: >"$f.$$"
	i=0
	while [ "$(ls "$f".* 2>/dev/null | wc -l)" -lt "$3" ] && [ $i -lt 400 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ $i -lt 400 ] && echo "met" ;;
*)
	echo "llm_cmd.sh: unknown mode $mode" >&2
	exit 64 ;;
esac
