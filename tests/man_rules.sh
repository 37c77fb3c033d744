#!/bin/sh
# man_rules.sh update|check MANRULES MANPAGE — the generated flag-rule list of the man page.
# update: replace the text between the markers with MANRULES' output; check: fail when it differs.
set -eu
mode=$1 gen=$2 page=$3
begin='.\" BEGIN GENERATED RULES (make man)'
end='.\" END GENERATED RULES'
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.new"' EXIT
"$gen" >"$tmp"
B=$begin E=$end F=$tmp awk '
	BEGIN { b = ENVIRON["B"]; e = ENVIRON["E"]; f = ENVIRON["F"] }
	$0 == b { print; while ((getline l < f) > 0) print l; skip = 1; found++; next }
	$0 == e { skip = 0 }
	!skip { print }
	END { if (found != 1) exit 3 }' "$page" >"$tmp.new" || { echo "man_rules: markers missing in $page" >&2; exit 1; }
if [ "$mode" = update ]; then
	cmp -s "$tmp.new" "$page" || cp "$tmp.new" "$page"
	echo "man_rules: $page up to date"
else
	if ! cmp -s "$tmp.new" "$page"; then
		echo "man_rules: the flag rules in $page differ from core/flags.c; run make man" >&2
		diff "$page" "$tmp.new" | head -20 >&2
		exit 1
	fi
fi
