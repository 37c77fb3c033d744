#!/bin/sh
# sh_layering.sh — the layers (core <- app services <- ui <- commands) are enforced by the build:
# a file planted into a layer (LAYER_PLANT_<LAYER>, Makefile) with an upward include makes
# `make check-layering` fail with the rule it breaks, and with an upward call makes
# `make check-layer-link` fail with an undefined reference; the same files without the bad line
# pass both.  Runs make on this tree (the build's archives are already made by `make test`; the
# variables of the calling make, e.g. BUILD=build-asan, arrive through MAKEFLAGS).
set -u
. tests/lib.sh
MAKE=${MAKE:-make}
BUILDDIR=${GV_BUILD:-build}

# lint FILEVAR FILE: run check-layering with FILE planted; output in $T/out, status returned.
lint() {
	$MAKE --no-print-directory -s BUILD="$BUILDDIR" check-layering "$1=$2" >"$T/out" 2>&1
}
# link LAYER FILE: run the layer link of LAYER (core, app, ui, cmd) with FILE planted.
link() {
	up=$(echo "$1" | tr a-z A-Z)
	$MAKE --no-print-directory -s BUILD="$BUILDDIR" "$BUILDDIR/layer/$1" "LAYER_PLANT_$up=$2" >"$T/out" 2>&1
}
says() { grep -q "$1" "$T/out" || { sed 's/^/# /' "$T/out"; return 1; }; }

lint LAYER_PLANT_APP /dev/null; rc=$?
check "the tree as it is passes check-layering" '[ $rc = 0 ] && says "layering ok"'

# A service that includes ui/ and calls it.
cat >"$T/bad_app.c" <<'EOF'
#include "ui/tui.h"
int gv_planted_app(void);
int gv_planted_app(void) { return tui_done(0); }
EOF
lint LAYER_PLANT_APP "$T/bad_app.c"; rc=$?
check "a service including ui/ fails check-layering" '[ $rc != 0 ] && says "bad_app.c:1:#include \"ui/tui.h\"" && says "app services (app/, app/store/) must not include ui/"'
link app "$T/bad_app.c"; rc=$?
check "a service calling ui/ fails the layer link" '[ $rc != 0 ] && says "undefined reference to .tui_done"'

# A service that includes a command's header.
printf '#include "app/cmd/cmdutil.h"\n' >"$T/bad_app2.c"
lint LAYER_PLANT_APP "$T/bad_app2.c"; rc=$?
check "a service including app/cmd/ fails check-layering" '[ $rc != 0 ] && says "must not include ui/ or app/cmd/"'

# ui/ calling a command.
cat >"$T/bad_ui.c" <<'EOF'
#include "app/cmd/cmd.h"
int gv_planted_ui(void);
int gv_planted_ui(void) { return cmd_plot(0, 0); }
EOF
lint LAYER_PLANT_UI "$T/bad_ui.c"; rc=$?
check "ui/ including app/cmd/ fails check-layering" '[ $rc != 0 ] && says "ui/ must not include app/cmd/"'
link ui "$T/bad_ui.c"; rc=$?
check "ui/ calling a command fails the layer link" '[ $rc != 0 ] && says "undefined reference to .cmd_plot"'

# core/ calling the store.
cat >"$T/bad_core.c" <<'EOF'
#include "app/store.h"
void gv_planted_core(void);
void gv_planted_core(void) { store_close(0); }
EOF
lint LAYER_PLANT_CORE "$T/bad_core.c"; rc=$?
check "core/ including app/ fails check-layering" '[ $rc != 0 ] && says "core/ must not include app/ or ui/"'
link core "$T/bad_core.c"; rc=$?
check "core/ calling the store fails the layer link" '[ $rc != 0 ] && says "undefined reference to .store_close"'

# The libraries stay with their one owner.
printf '#include <curses.h>\n' >"$T/bad_curses.c"
lint LAYER_PLANT_UI "$T/bad_curses.c"; rc=$?
check "curses outside ui/term.c fails check-layering" '[ $rc != 0 ] && says "only ui/term.c speaks curses"'
printf '#include <sqlite3.h>\n' >"$T/bad_sql.c"
lint LAYER_PLANT_APP "$T/bad_sql.c"; rc=$?
check "sqlite3.h outside app/store/ fails check-layering" '[ $rc != 0 ] && says "only the store.s files (app/store/) speak SQL"'
printf '#include <curl/curl.h>\n' >"$T/bad_curl.c"
lint LAYER_PLANT_CMD "$T/bad_curl.c"; rc=$?
check "curl outside app/llm_http.c fails check-layering" '[ $rc != 0 ] && says "only app/llm_http.c speaks curl"'
printf '#include <stdio.h>\n' >"$T/bad_stdio.c"
lint LAYER_PLANT_CORE "$T/bad_stdio.c"; rc=$?
check "stdio in core/ fails check-layering" '[ $rc != 0 ] && says "core/ must stay pure"'

# The controls: downward includes and calls pass both checks (so the failures above are the
# planted lines', not the planting's).
cat >"$T/good_ui.c" <<'EOF'
#include "app/store.h"
#include "core/age.h"
int gv_planted_ok(void);
int gv_planted_ok(void) { store_close(0); return (int)age_days_from_civil(2020, 1, 1); }
EOF
lint LAYER_PLANT_UI "$T/good_ui.c"; rc=$?
check "a ui file including app/ and core/ passes check-layering" '[ $rc = 0 ]'
link ui "$T/good_ui.c"; rc=$?
check "a ui file calling app/ and core/ passes the layer link" '[ $rc = 0 ]'
cat >"$T/good_cmd.c" <<'EOF'
#include "ui/tui.h"
int gv_planted_cmd(void);
int gv_planted_cmd(void) { return tui_done(0); }
EOF
link cmd "$T/good_cmd.c"; rc=$?
check "a command calling ui/ passes the layer link" '[ $rc = 0 ]'
# Leave the layer links as the tree's own (nothing planted) for the next make.
$MAKE --no-print-directory -s BUILD="$BUILDDIR" check-layer-link >/dev/null 2>&1; rc=$?
check "the unplanted layer links pass again" '[ $rc = 0 ]'

finish sh_layering
