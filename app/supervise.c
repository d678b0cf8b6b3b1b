/* supervise.c — what a supervisor's console adds: the room (who is
 * connected to the center), the figures of a period asked from the center,
 * and the notice, the one thing a read-only session sends. The views are in
 * ui/; this file holds the state and the protocol. */
#include <stdio.h>
#include <string.h>

#include "app-int.h"
#include "core/ad.h"

int app_notice(struct app *a, const char *text)
{
	const char *ro = app_read_only(a);

	/* The supervisor's one action, refused for every other reason a
	 * console may not act (replay, no journal). */
	if (a->role != PROTO_ROLE_SUPERVISOR || (ro && strcmp(ro, "supervisor") != 0))
		return AD_EPERM;
	if (a->ncenters == 0 || text == NULL || text[0] == '\0')
		return AD_EINVAL;
	return console_op(&a->core, 0, 0, "", text, 0, "notice.send", true) ? 0 : AD_ENOMEM;
}

int app_query_figures(struct app *a, int64_t from_ms, int64_t to_ms)
{
	char id[32];
	struct proto_query q = {.req_id = id, .from_ms = from_ms, .to_ms = to_ms, .what = PROTO_Q_FIGURES};
	struct link *l = a->ncenters ? app__op_link(a, 0) : NULL;

	if (to_ms <= from_ms)
		return AD_EINVAL;
	a->has_figures = false; /* until these arrive */
	if (l == NULL)
		return AD_EIO;
	snprintf(id, sizeof id, "q%llu", (unsigned long long)++a->query_counter);
	return link_send(l, proto_encode_query(&q)) ? AD_EIO : 0;
}

void app__on_room(struct app *a, int center, const struct proto_msg *m)
{
	int kept = 0;
	char err[200];

	/* The message lists every session of that center: replace its entries. */
	for (int i = 0; i < a->nroom; i++)
		if (a->room[i].center != center)
			a->room[kept++] = a->room[i];
	a->nroom = kept;
	for (size_t i = 0; i < proto_room_count(m) && a->nroom < APP_MAX_ROOM; i++) {
		struct proto_room_entry e;
		struct app_room *r = &a->room[a->nroom];
		if (proto_room_get(m, i, &e, err, sizeof err)) {
			app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .center = center,
							.text = err});
			continue;
		}
		snprintf(r->operator_, sizeof r->operator_, "%s", e.operator_);
		snprintf(r->console, sizeof r->console, "%s", e.console);
		r->role = e.role;
		r->since_ms = e.since_ms;
		r->center = center;
		a->nroom++;
	}
	app__emit(a, (struct app_event){.kind = APP_EV_ROOM, .center = center});
}

void app__on_figures(struct app *a, int center, const struct proto_msg *m)
{
	char detail[120];

	a->figures = m->u.figures.f;
	a->has_figures = true;
	snprintf(detail, sizeof detail, "from=%lld to=%lld alarms=%u",
		 (long long)a->figures.from_ms, (long long)a->figures.to_ms, a->figures.alarms);
	app_journal(a, "", "view.figures", detail);
	app__emit(a, (struct app_event){.kind = APP_EV_FIGURES, .center = center});
}
