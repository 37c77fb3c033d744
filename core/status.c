/* status.c — reasons for core status codes. */
#include "core/status.h"

const char *gv_strerror(gv_status st)
{
	switch (st) {
	case GV_OK: return "ok";
	case GV_MISSING: return "not measured";
	case GV_EINVAL: return "invalid value";
	case GV_EAGE_RANGE: return "age outside the reference's range";
	case GV_EX_RANGE: return "outside the range of the table";
	case GV_ENOT_IN_REF: return "no table in this reference";
	case GV_EOEDEMA: return "not computed: oedema";
	case GV_EPRETERM: return "corrected age before term";
	case GV_ENOMEM: return "out of memory";
	case GV_ENO_STANDARD: return "no growth standard this early (born before 24+0 weeks, or under 27 weeks postmenstrual age)";
	case GV_STATUS_COUNT: break;
	}
	return "unknown status";
}
