/* patient.h — one child: header, indicator tabs, the chart or the table of measurements, the
 * flags panel and the detail line of the selected visit.
 *
 * Layout (w x h, at least 80 x 24):
 *   row 0        title bar (drawn by the caller: ui/tui.c)
 *   row 1        sex, birth date, chronological and corrected age, gestational age, visits, flags
 *   row 2        indicator tabs, view (value / z), zoom (child / full), chart reference
 *   rows 3..h-4  the main pane (chart or table) and, from PATIENT_SIDE_MIN columns, the flags
 *                panel beside it; narrower, Tab shows the flags panel in place of the main pane
 *   rows h-3,h-2 the selected visit: date, ages, value with unit, z, percentile, reference and
 *                method, flags at this visit with their rule
 *   row h-1      status line (the caller's)
 *
 * No ncurses: keys are ui/keys.h codes, drawing goes into a scr.  Store access only in
 * patient_load and patient_sync; the rest works on the loaded child. */
#ifndef GV_PATIENT_H
#define GV_PATIENT_H

#include <stddef.h>
#include <stdint.h>

#include "app/store.h"
#include "core/flags.h"
#include "ui/chart.h"
#include "ui/flagview.h"
#include "ui/fmt.h"
#include "ui/scr.h"

/* Width from which the flags panel stands beside the chart. */
#define PATIENT_SIDE_MIN 120

enum { PANE_CHART, PANE_TABLE };

typedef struct patient_state {
	gv_child child;          /* loaded from the store; child.v owned */
	int loaded;
	char *notes;             /* the patient's notes (owned), "" when none */
	gv_options gopt;         /* growth options of the chart in force (policy) */
	gv_result *res;          /* res[i]: visit i under gopt (detail line and table) */
	gv_flag_options fo;      /* options of the flags engine (its own chart policy) */
	gv_result *fres;         /* visit i under fo.growth, for flags_eval */
	flagview fv;
	store_ack *acks;
	size_t nacks;
	/* what is shown */
	gv_ind ind;
	chart_view view;
	chart_zoom zoom;
	int who_1_99;            /* WHO charts: also the 1st and 99th percentile lines */
	int sel;                 /* selected visit, -1 when the child has none */
	int pane;                /* PANE_CHART or PANE_TABLE */
	int focus;               /* 0 the main pane, 1 the flags panel */
	int flag_sel;            /* selected flag of the panel */
	int table_top;           /* first visit on screen in the table */
	int flag_top;            /* first line on screen in the flags panel */
	/* provenance of the selected visit (patient_sync) */
	store_visit_info info;
	int64_t info_id;
	/* drawing */
	canvas *cv;
	int braille;             /* draw the chart in braille (else ASCII) */
	chart_layout L;
	int chart_ok;
	int32_t today;
	fmt_units units;
} patient_state;

/* Empty state: weight-for-age, value view, child zoom, chart pane; policy = the chart policy;
 * flags by rule set `rules` (flags_default_options: its own chart policy, as the flags command,
 * import and the list's markers use it). */
void patient_init(patient_state *p, gv_policy policy, gv_ruleset rules, fmt_units units, int32_t today, int braille);
void patient_free(patient_state *p);

/* Load patient `id` (its measurements, notes and flag acknowledgements) and compute every visit
 * and the flags.  The selection goes to the visit with id keep_visit when there is one (0: the
 * last visit).  Keeps the indicator, view and zoom.  Returns STORE_OK or the store's error. */
store_rc patient_load(patient_state *p, gv_store *st, int64_t id, int64_t keep_visit);

/* Recompute results and flags (after a change of chart policy); no store access. */
gv_status patient_compute(patient_state *p);

/* Read what the screen shows from the store that is not loaded with the child (the provenance
 * of the selected visit).  Cheap when nothing changed. */
void patient_sync(patient_state *p, gv_store *st);

/* Keys.  Returns what the caller must do. */
enum {
	PAT_NONE,
	PAT_BACK,    /* q / Esc: back to the list */
	PAT_QUIT,    /* Q */
	PAT_HELP,
	PAT_NEXT,    /* n: next patient of the list */
	PAT_PREV,    /* p */
	PAT_ADD,     /* a: add a measurement */
	PAT_EDIT,    /* e / Enter in the table: edit the selected measurement */
	PAT_DELETE,  /* d / Delete */
	PAT_UNDO,    /* u */
	PAT_ACK,     /* A in the flags panel: acknowledge the selected flag */
	PAT_POLICY,  /* r: the chart policy changed (patient_compute was called) */
	PAT_PATIENT, /* E: edit the patient's details and notes */
	PAT_UNKNOWN
};
int patient_key(patient_state *p, int key);

/* Screen to draw the help for: HELP_CHART, HELP_TABLE or HELP_FLAGS (ui/help.h). */
int patient_help_screen(const patient_state *p);

/* The selected flag of the panel, or NULL. */
const flagview_item *patient_selected_flag(const patient_state *p);

/* Draw rows 1 .. h-2 of s (everything but the title bar and the status line). */
void patient_draw(patient_state *p, scr *s);

/* The detail of the selected visit laid out on up to `max` lines of `width` columns (lines +
 * i * linesz); returns the lines used.  Segments: date; age (and corrected age); the value with
 * its unit (for weight-for-length/height also the length); z; percentile; the reference table
 * and method (WHO restricted, CDC 2022 extended BMI with % of the 95th percentile); "implausible"
 * when the engine's BIV flag is set; the engine's warnings; then each flag at this visit as
 * marker, rule id and wording. */
int patient_detail(const patient_state *p, int width, char *lines, size_t linesz, int max, int utf8);

/* The header row: sex, birth date, age, corrected age (preterm, under 24 months), gestational
 * age, visits and open flags. */
void patient_header(const patient_state *p, char *buf, size_t n);

/* The child's age today in days and whether a corrected age applies (born before 37 weeks and
 * under 24 months chronological: the engine's default options). */
int patient_corrected(const patient_state *p);

#endif
