/* zrow.h — the computed columns of `growthview zscore`, shared by `growthview export`.
 *
 * The column list is a contract: scripts find columns by these names.  Both commands
 * append exactly these columns, in this order, after their own leading columns. */
#ifndef GV_ZROW_H
#define GV_ZROW_H

#include "app/buf.h"
#include "core/growth.h"

/* Digits after the decimal point of every computed number (z, percentile, BMI, ages). */
#define ZROW_DECIMALS 6

/* Append ",ref,age_days,...,error,age_axis,pma_weeks,z_ig_nbs_wfa,...,p_ig_png_wflh" (a leading
 * comma, no newline).  The INTERGROWTH-21st columns came later and follow `error`. */
void zrow_header(gv_buf *b);

/* Append the computed cells for result r of measurement m (leading comma, no newline) and err
 * (NULL: none) in the `error` column.  r NULL: the row failed, every computed cell is empty.  r and
 * err: the row is scored and err names what was left out of it (an impossible measurement).
 * The INTERGROWTH-21st scores are computed from m (raw length, weight, head; NULL: left empty)
 * wherever a standard covers the visit (core/ig21.h ig21_which), whatever r's reference. */
void zrow_values(gv_buf *b, const gv_measure *m, const gv_result *r, const char *err);

/* Number of computed columns zrow_header appends. */
int zrow_ncols(void);

#endif
