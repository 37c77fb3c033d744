/* form.h — the measurement form: add or edit one visit, with validation and a live preview.
 *
 * Fields: date, time, weight, length/height and its position, head circumference, mid-upper arm
 * circumference, triceps and subscapular skinfolds, oedema.  Numbers take a unit after them
 * (fmt_parse_qty: kg, g, lb, oz; cm, mm, in); without one the field's unit is the configured one
 * (metric or US).  As the user types, the form shows each value's z-score and percentile
 * (growth_compute under the chart policy), so a typing error is visible before it is saved.
 *
 * Saving (Enter) validates everything: a clear message names the field and what is wrong; a
 * value outside the physical limits (core/limits.h, the importers' and the store's: impossible for
 * any child, so a typing or unit error) is refused, with a hint when another unit fits;
 * a biologically implausible value (the engine's BIV flag) asks for confirmation first.  A field
 * the user did not touch keeps the stored value exactly (no unit round trip), so an edit changes
 * only what was changed and the audit log shows only that.
 *
 * No ncurses, no store: the caller writes the visit (store_visit_insert / _update). */
#ifndef GV_FORM_H
#define GV_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "core/growth.h"
#include "core/record.h"
#include "ui/fmt.h"
#include "ui/scr.h"

enum {
	FF_DATE,
	FF_TIME,
	FF_WEIGHT,
	FF_HEIGHT,
	FF_POSITION,
	FF_HEAD,
	FF_ARM,
	FF_TRICEPS,
	FF_SUBSCAP,
	FF_OEDEMA,
	FF_COUNT
};

#define FORM_TEXT 40

typedef struct form_state {
	int active;
	gv_visit orig;                    /* the visit edited (id 0 when adding) */
	gv_patient patient;               /* for ages, the preview and the date checks */
	char text[FF_COUNT][FORM_TEXT];   /* what is typed in each text field */
	int touched[FF_COUNT];            /* the user changed this field */
	char position;                    /* 'L', 'H' or 0 */
	int oedema;
	int focus;                        /* field with the cursor */
	char err[256];                    /* the last validation message ("" none) */
	int err_field;                    /* its field, -1 none */
	int confirm;                      /* 1: asking "save anyway?" for implausible values */
	int confirm_discard;              /* 1: asking "discard what was typed?" */
	char warn[256];                   /* the implausible values being confirmed */
	fmt_units units;
	gv_policy policy;
	int32_t today;
	int read_only;
} form_state;

/* Open the form to add a visit (v = NULL: today's date, position by age) or edit *v. */
void form_open(form_state *f, const gv_patient *p, const gv_visit *v, fmt_units u, gv_policy policy, int32_t today);

/* Parse and check every field into *out (id = the edited visit's).  Returns 1 when it can be
 * saved, 0 with f->err / f->err_field set otherwise.  Does not ask about implausible values. */
int form_build(form_state *f, gv_visit *out);

/* The implausible values of v for this patient (growth_compute's BIV flags under the form's
 * policy), as one line into buf, e.g. "weight-for-age z +6.21 (above the cut-off)"; "" when
 * none.  Returns how many. */
int form_implausible(const form_state *f, const gv_visit *v, char *buf, size_t n);

/* Keys.  FORM_SAVE: *out holds the visit to write (validated, implausible values confirmed). */
enum { FORM_CONTINUE, FORM_CANCEL, FORM_SAVE, FORM_HELP };
int form_key(form_state *f, int key, gv_visit *out);

/* Draw the form as a framed dialog centred on s. */
void form_draw(const form_state *f, scr *s);

#endif
