/* chart_bench.c — CPU time to render one growth chart (curves, axes, labels, the child's points
 * and every row as text), the work of one TUI keystroke or one `growthview plot`.
 *
 *   build/bench/chart_bench [iterations]      (default 2000 per case)
 *
 * Reports the mean and the best batch of 100 in microseconds of process CPU time
 * (CLOCK_PROCESS_CPUTIME_ID).  The target is well under 5 ms at 200 x 60.  Asserts nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/age.h"
#include "ui/chart.h"

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A boy seen 40 times from birth to 18 years, near the median with some noise. */
#define NV 40
static gv_visit visits[NV];

static gv_child make_child(void)
{
	gv_child ch;
	record_patient_init(&ch.p);
	ch.p.sex = GV_MALE;
	ch.p.birth_date = age_days_from_civil(2005, 3, 1);
	unsigned seed = 12345;
	for (int i = 0; i < NV; i++) {
		double mo = i < 12 ? i * 2.0 : 24 + (i - 12) * 7.0; /* to 220 months */
		seed = seed * 1103515245u + 12345u;
		double noise = ((seed >> 16) % 1000) / 1000.0 - 0.5;
		gv_visit *v = &visits[i];
		record_visit_init(v);
		v->date = ch.p.birth_date + (int32_t)floor(mo * GV_DAYS_PER_MONTH + 0.5);
		double h = mo < 24 ? 50 + 37.8 * sqrt(mo / 24) : 87.8 + 0.55 * (mo - 24);
		v->height_cm = h + noise;
		v->weight_kg = 15.0 * pow(h / 100, 2.6) * (1 + 0.05 * noise);
		v->head_cm = mo <= 36 ? 34.5 + 15 * sqrt(mo / 36) : NAN;
		v->position = mo < 24 ? 'L' : 'H';
	}
	ch.v = visits;
	ch.nv = NV;
	return ch;
}

typedef struct bcase {
	const char *name;
	int w, h;
	canvas_mode mode;
	gv_ind ind;
	chart_view view;
	chart_zoom zoom;
} bcase;

int main(int argc, char **argv)
{
	int iters = argc > 1 ? atoi(argv[1]) : 2000;
	if (iters < 100)
		iters = 100;
	static const bcase cases[] = {
		{"wfa  value full  200x60 braille", 200, 60, CANVAS_BRAILLE, GV_WFA, CHART_VIEW_VALUE, CHART_ZOOM_FULL},
		{"wfa  value full  200x60 ascii  ", 200, 60, CANVAS_ASCII, GV_WFA, CHART_VIEW_VALUE, CHART_ZOOM_FULL},
		{"bfa  value full  200x60 braille", 200, 60, CANVAS_BRAILLE, GV_BFA, CHART_VIEW_VALUE, CHART_ZOOM_FULL},
		{"lhfa z     child 200x60 braille", 200, 60, CANVAS_BRAILLE, GV_LHFA, CHART_VIEW_Z, CHART_ZOOM_CHILD},
		{"wflh value child 200x60 braille", 200, 60, CANVAS_BRAILLE, GV_WFLH, CHART_VIEW_VALUE, CHART_ZOOM_CHILD},
		{"wfa  value full   80x24 braille", 80, 24, CANVAS_BRAILLE, GV_WFA, CHART_VIEW_VALUE, CHART_ZOOM_FULL},
		{"wfa  value full   80x24 ascii  ", 80, 24, CANVAS_ASCII, GV_WFA, CHART_VIEW_VALUE, CHART_ZOOM_FULL},
	};
	gv_child ch = make_child();
	printf("chart_bench: %d renders per case, %d visits; CPU time per chart (curves + points + all rows as text)\n",
	       iters, NV);
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		const bcase *b = &cases[k];
		canvas *c = canvas_new(b->w, b->h, b->mode);
		char *row = malloc(CANVAS_ROW_BYTES(b->w));
		if (!c || !row)
			return 1;
		chart_spec s;
		chart_spec_init(&s);
		s.ind = b->ind;
		s.view = b->view;
		s.zoom = b->zoom;
		s.flags = CHART_F_CONNECT;
		size_t bytes = 0;
		double best = INFINITY, t0 = cpu_now(), tb = t0;
		for (int i = 1; i <= iters; i++) {
			if (chart_draw_child(c, &ch, &s, NULL, i % NV, NULL, NULL) != GV_OK)
				return 1;
			for (int r = 0; r < b->h; r++)
				bytes += canvas_row(c, r, row, CANVAS_ROW_BYTES(b->w));
			if (i % 100 == 0) {
				double t = cpu_now();
				if ((t - tb) / 100 < best)
					best = (t - tb) / 100;
				tb = t;
			}
		}
		double mean = (cpu_now() - t0) / iters;
		printf("  %s: mean %7.1f us, best batch %7.1f us  (%zu bytes/chart)\n", b->name, mean * 1e6, best * 1e6,
		       bytes / (size_t)iters);
		free(row);
		canvas_free(c);
	}
	return 0;
}
