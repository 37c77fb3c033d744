/* stature.c — mid-parental target, projected adult height, height velocity (see stature.h). */
#include "core/stature.h"

#include <math.h>

#include "core/lms.h"

gv_ref stature_adult_ref(gv_policy policy, double *months)
{
	/* The last age of the policy's stature chart: WHO 2007 height-for-age ends at 228 months (19
	 * years; de Onis M et al., Bull WHO 2007;85:660), CDC 2000 stature-for-age at 240 months
	 * (20 years; Kuczmarski RJ et al., Vital Health Stat 11 2002;246). */
	if (policy == GV_POLICY_WHO) {
		*months = 228;
		return GV_WHO2007;
	}
	*months = 240;
	return GV_CDC2000;
}

/* L, M, S at the adult end of ref. */
static int adult_lms(gv_ref ref, gv_sex sex, lms *out)
{
	if (sex != GV_MALE && sex != GV_FEMALE)
		return 0;
	if (ref == GV_WHO2007)
		return refs_lms(T_WHO07_HFA, sex, 228, out) == GV_OK;
	if (ref == GV_CDC2000) {
		/* the 240-month row itself: the table's interval is open at 240 (refs.h) */
		size_t n = refs_nrows(T_CDC_STATAGE, sex);
		const refdata_row *last = n ? refs_row(T_CDC_STATAGE, sex, n - 1) : NULL;
		if (!last || last->x != 240)
			return 0;
		*out = (lms){last->l, last->m, last->s};
		return 1;
	}
	return 0;
}

double stature_adult_z(gv_ref ref, gv_sex sex, double cm)
{
	lms p;
	if (!(cm > 0) || !isfinite(cm) || !adult_lms(ref, sex, &p))
		return NAN;
	return lms_z(cm, p);
}

double stature_adult_value(gv_ref ref, gv_sex sex, double z)
{
	lms p;
	if (!isfinite(z) || !adult_lms(ref, sex, &p))
		return NAN;
	return lms_value(z, p);
}

gv_status stature_target_of(gv_sex sex, double mother_cm, double father_cm, gv_policy policy, stature_target *out)
{
	out->target_cm = out->lo_cm = out->hi_cm = out->z = out->p = out->z_lo = out->z_hi = NAN;
	out->ref = stature_adult_ref(policy, &out->adult_months);
	if (sex != GV_MALE && sex != GV_FEMALE)
		return out->status = GV_EINVAL;
	if (isnan(mother_cm) || isnan(father_cm))
		return out->status = GV_MISSING;
	if (!(mother_cm > 0) || !(father_cm > 0) || !isfinite(mother_cm) || !isfinite(father_cm))
		return out->status = GV_EINVAL;
	/* Tanner 1970 (stature.h) */
	double sexd = sex == GV_MALE ? STATURE_TANNER_SEX_CM : -STATURE_TANNER_SEX_CM;
	out->target_cm = (mother_cm + father_cm + sexd) / 2;
	out->lo_cm = out->target_cm - STATURE_TANNER_RANGE_CM;
	out->hi_cm = out->target_cm + STATURE_TANNER_RANGE_CM;
	out->z = stature_adult_z(out->ref, sex, out->target_cm);
	out->z_lo = stature_adult_z(out->ref, sex, out->lo_cm);
	out->z_hi = stature_adult_z(out->ref, sex, out->hi_cm);
	out->p = 100 * lms_pnorm(out->z);
	return out->status = isnan(out->z) ? GV_EINVAL : GV_OK;
}

gv_status stature_project(const gv_child *c, const gv_result *res, const unsigned char *use, gv_policy policy,
			  stature_projection *out)
{
	out->visit = (size_t)-1;
	out->z = out->adult_cm = out->p = NAN;
	out->ref = stature_adult_ref(policy, &out->adult_months);
	if (c->p.sex != GV_MALE && c->p.sex != GV_FEMALE)
		return out->status = GV_EINVAL;
	for (size_t i = c->nv; i-- > 0;) {
		const gv_result *r = &res[i];
		int term = r->ref == GV_WHO2006 || r->ref == GV_WHO2007 || r->ref == GV_CDC2000;
		if ((use && !use[i]) || !term || r->ind[GV_LHFA].status != GV_OK || !(r->age_months >= 24))
			continue;
		out->visit = i;
		out->z = r->ind[GV_LHFA].z;
		out->adult_cm = stature_adult_value(out->ref, c->p.sex, out->z);
		out->p = 100 * lms_pnorm(out->z);
		return out->status = isnan(out->adult_cm) ? GV_EINVAL : GV_OK;
	}
	return out->status = GV_MISSING;
}

double stature_vel_threshold(double age_years)
{
	/* Children's Mercy Kansas City, Evaluating growth failure (stature.h) */
	if (age_years >= 2 && age_years < 4)
		return 5.5;
	if (age_years >= 4 && age_years < 6)
		return 5.0;
	return NAN;
}

static int height_ok(double h)
{
	return h > 0 && isfinite(h);
}

gv_status stature_velocity(const gv_child *c, size_t to, stature_vel *out)
{
	out->from = (size_t)-1;
	out->to = to;
	out->days = out->cm = out->cm_per_year = out->age_years = out->threshold = NAN;
	out->slow = -1;
	if (to >= c->nv)
		return out->status = GV_EINVAL;
	const gv_visit *b = &c->v[to];
	if (!height_ok(b->height_cm))
		return out->status = GV_MISSING;
	for (size_t i = to; i-- > 0;) {
		const gv_visit *a = &c->v[i];
		double days = (double)b->date - (double)a->date;
		if (!height_ok(a->height_cm) || days < STATURE_VEL_MIN_DAYS)
			continue;
		double ha = a->height_cm, hb = b->height_cm;
		/* a recumbent length beside a standing height: -0.7 cm (WHO MGRS 2006, Methods, p. 10) */
		if (a->position == 'L' && b->position == 'H')
			ha -= 0.7;
		else if (a->position == 'H' && b->position == 'L')
			hb -= 0.7;
		out->from = i;
		out->days = days;
		out->cm = hb - ha;
		out->cm_per_year = out->cm / days * 365.25;
		out->age_years = (((double)a->date + (double)b->date) / 2 - (double)c->p.birth_date) / 365.25;
		out->threshold = stature_vel_threshold(out->age_years);
		if (!isnan(out->threshold) && days >= STATURE_VEL_JUDGE_DAYS)
			out->slow = out->cm_per_year < out->threshold;
		return out->status = GV_OK;
	}
	return out->status = GV_MISSING;
}
