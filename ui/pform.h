/* pform.h — the patient form: add a patient or edit one (name, id, sex, birth date, gestational
 * age, parents' heights, notes), with the importers' checks.
 *
 * The checks are those every way into the store applies (app/ingest.c for CSV and FHIR):
 * names and ids printable UTF-8 of bounded length (core/text.h: no control or bidirectional
 * control characters), sex male or female (the charts are sex-specific), a full birth date not in
 * the future, gestational age and parents' heights within the physical limits (core/limits.h).
 * A birth date longer ago than anyone has lived (limits_birth_unlikely) is asked about, as the
 * importers warn about it, and saved only when confirmed.  Parents' heights take units like the
 * measurement form ("5 ft 4 in", "162 cm", "64 in"), and the form echoes what a converted entry
 * will be stored as ("5 ft 4 in = 162.6 cm"), so a unit slip is visible before it is saved.
 *
 * Notes are free text (the record's notes): typing appends at the end, Backspace removes the last
 * character, Ctrl-U clears them; newlines already in the notes are kept.  Untouched notes are not
 * written back (pform_notes gives NULL), so an edit of another field changes only that field.
 *
 * No ncurses, no store: the caller writes the patient (store_patient_insert / _update). */
#ifndef GV_PFORM_H
#define GV_PFORM_H

#include <stddef.h>
#include <stdint.h>

#include "core/record.h"
#include "ui/fmt.h"
#include "ui/scr.h"

enum {
	PF_NAME,
	PF_ID,
	PF_SEX,
	PF_BIRTH,
	PF_GA,
	PF_MOTHER,
	PF_FATHER,
	PF_NOTES,
	PF_COUNT
};

#define PFORM_TEXT GV_NAME_MAX /* the longest single-line field (the name), with its NUL */
#define PFORM_NOTES_MAX 4000   /* bytes of notes the form edits */

typedef struct pform_state {
	int active;
	gv_patient orig;                 /* the patient edited (id 0 when adding) */
	char text[PF_COUNT][PFORM_TEXT]; /* typed single-line fields (not PF_SEX, PF_NOTES) */
	char notes[PFORM_NOTES_MAX + 1];
	int touched[PF_COUNT];
	gv_sex sex;                      /* GV_MALE, GV_FEMALE, or -1 not chosen yet */
	int focus;
	char err[256];                   /* the last validation message ("" none) */
	int err_field;                   /* its field, -1 none */
	int confirm;                     /* asking "save anyway?" about an unlikely birth date */
	int confirm_discard;             /* asking "discard what was typed?" */
	char warn[200];
	fmt_units units;
	int32_t today;
	int read_only;
} pform_state;

/* Open the form to add a patient (p = NULL) or edit *p with its notes (NULL: none).  Keeps
 * f->read_only. */
void pform_open(pform_state *f, const gv_patient *p, const char *notes, fmt_units u, int32_t today);

/* Parse and check every field into *out (id = the edited patient's).  1 when it can be saved, 0
 * with f->err / f->err_field set.  Does not ask about an unlikely birth date. */
int pform_build(pform_state *f, gv_patient *out);

/* The notes to write: f->notes when the user changed them (or when adding), NULL otherwise. */
const char *pform_notes(const pform_state *f);

/* Keys.  PFORM_SAVE: *out holds the patient to write (checked, unlikely birth date confirmed). */
enum { PFORM_CONTINUE, PFORM_CANCEL, PFORM_SAVE, PFORM_HELP };
int pform_key(pform_state *f, int key, gv_patient *out);

/* What a parent's height as typed is stored as, for the echo: "= 162.6 cm" when the text has a
 * unit or is in US units, "" when it is already plain cm, empty or not understood.  Into buf. */
void pform_echo_height(const char *text, fmt_units u, char *buf, size_t n);

/* Draw the form as a framed dialog centred on s (fits from 80x24). */
void pform_draw(const pform_state *f, scr *s);

#endif
