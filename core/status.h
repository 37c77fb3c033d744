/* status.h — status codes shared by every core/ module.
 *
 * core/ never prints and never exits: a function that can fail returns one of these codes and
 * app/ turns it into a message that says where and why (gv_strerror gives the "why" part). */
#ifndef GV_STATUS_H
#define GV_STATUS_H

typedef enum gv_status {
	GV_OK = 0,
	GV_MISSING,        /* the measurement (or another input it needs) is absent */
	GV_EINVAL,         /* an input is not a valid value (negative weight, unknown sex, ...) */
	GV_EAGE_RANGE,     /* age outside the range of every table of the reference */
	GV_EX_RANGE,       /* value on the table's x axis (age, length, height) outside its range */
	GV_ENOT_IN_REF,    /* the reference has no table for this indicator (e.g. CDC arm circ.) */
	GV_EOEDEMA,        /* weight-based indicator suppressed because of bilateral oedema (WHO) */
	GV_EPRETERM,       /* corrected age is before term: the term standards do not apply */
	GV_ENOMEM,         /* allocation failed */
	GV_ENO_STANDARD,   /* preterm, before any growth standard: born before 24+0 weeks (day of birth) or
			    * after birth below 27 weeks postmenstrual age (INTERGROWTH-21st, core/ig21.h) */
	GV_STATUS_COUNT
} gv_status;

/* Short English reason for a status ("out of range of the table's age"). Static string; never NULL. */
const char *gv_strerror(gv_status st);

#endif
