/* view.c — the picture a front end draws from (app/view.h). */
#include <string.h>

#include "app-int.h"

void app_view_fill(const struct app *a, struct app_view *v)
{
	memset(v, 0, sizeof *v);
	v->loop = a->loop;
	v->now_ms = app_center_now(a);
	v->wall_ms = app_now_ms();
	v->cfg = &a->cfg;
	v->role = a->role;
	v->mode = a->mode;
	v->read_only = app_read_only(a);
	v->journal_err = a->journal_err;
	v->journal_open = a->journal != NULL;
	v->journal_rows = a->journal ? journal_durable(a->journal) : 0;
	v->book = a->book;
	v->core = &a->core;
	v->ncenters = a->ncenters;
	for (int i = 0; i < a->ncenters; i++) {
		const struct app_center *c = &a->centers[i];
		struct app_view_center *vc = &v->centers[i];
		vc->name = c->name;
		vc->state = c->state;
		vc->why = c->why;
		vc->skew_ms = c->skew_ms;
		vc->has_skew = c->has_skew;
		vc->nlinks = c->nlinks;
		for (int k = 0; k < c->nlinks; k++) {
			vc->links[k].state = c->links[k].state;
			vc->links[k].idle_ms = link_idle_ms(c->links[k].link);
		}
	}
	v->plans = a->plans;
	v->nplans = a->nplans;
	v->causes = a->causes;
	v->ncauses = a->ncauses;
	v->outcomes = a->outcomes;
	v->noutcomes = a->noutcomes;
	v->units = a->units;
	v->nunits = a->nunits;
	v->staff = a->staff;
	v->nstaff = a->nstaff;
	v->room = a->room;
	v->nroom = a->nroom;
	v->figures = a->has_figures ? &a->figures : NULL;
	v->site = a->site_msg ? &a->site : NULL;
	v->images = a->images.complete ? &a->images : NULL;
	v->silence_left_ms = alert_silence_left(&a->alert, v->now_ms);
	v->links_down = a->links_down;
	v->audio_off = a->audio ? NULL : a->audio_off;
	v->replay = a->replay;
	v->training = a->drill != NULL;
}

const struct app_plan *app_view_plan(const struct app_view *v, const char *plan_id)
{
	for (int i = 0; i < v->nplans; i++)
		if (strcmp(v->plans[i].id, plan_id) == 0)
			return &v->plans[i];
	return NULL;
}

void app_set_frontend(struct app *a, const struct app_frontend *fe, void *ctx)
{
	a->fe = fe;
	a->fe_data = ctx;
}
