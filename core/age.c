/* age.c — dates and ages (see age.h). */
#include "core/age.h"

/* Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil. */
int32_t age_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + (int)doe - 719468);
}

void age_civil_from_days(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = (int)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yy + (*m <= 2);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

gv_status age_parse_date(const char *s, size_t len, int32_t *days)
{
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	if (len < 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
	    !digits(s + 8, 2, &d))
		return GV_EINVAL;
	if (len > 10 && s[10] != 'T' && s[10] != ' ')
		return GV_EINVAL;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return GV_EINVAL;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return GV_EINVAL;
	*days = age_days_from_civil(y, m, d);
	return GV_OK;
}

int age_format_date(int32_t days, char *buf)
{
	int y, m, d;
	age_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return 10;
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* Append non-negative n in decimal; returns the new end. */
static char *put_int(char *p, long n)
{
	char t[24];
	int k = 0;
	do {
		t[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (k)
		*p++ = t[--k];
	return p;
}

int age_format_age(int32_t from, int32_t to, char *buf)
{
	char *p = buf;
	if (to < from) {
		*p++ = '-';
		p = put_int(p, (long)from - (long)to);
		*p++ = 'd';
		*p = '\0';
		return (int)(p - buf);
	}
	int y1, m1, d1, y2, m2, d2;
	age_civil_from_days(from, &y1, &m1, &d1);
	age_civil_from_days(to, &y2, &m2, &d2);
	long months = (long)(y2 - y1) * 12 + (m2 - m1);
	int days = d2 - d1;
	if (days < 0) {
		/* the month is not complete: count the days since the same day of the previous month
		 * (clamped to that month's length) */
		months--;
		int py = m2 == 1 ? y2 - 1 : y2, pm = m2 == 1 ? 12 : m2 - 1;
		int start = d1 > days_in_month(py, pm) ? days_in_month(py, pm) : d1;
		days = days_in_month(py, pm) - start + d2;
	}
	if (months < 1) {
		p = put_int(p, (long)to - (long)from);
		*p++ = 'd';
	} else if (months < 12) {
		p = put_int(p, months);
		*p++ = 'm';
		*p++ = ' ';
		p = put_int(p, days);
		*p++ = 'd';
	} else {
		p = put_int(p, months / 12);
		*p++ = 'y';
		*p++ = ' ';
		p = put_int(p, months % 12);
		*p++ = 'm';
	}
	*p = '\0';
	return (int)(p - buf);
}

int32_t age_term_date(int32_t birth, int ga_weeks, int ga_days)
{
	return birth + (GV_TERM_DAYS - (ga_weeks * 7 + ga_days));
}

double age_corrected_days(double chrono_days, double ga_days)
{
	return chrono_days - (GV_TERM_DAYS - ga_days);
}
