/* app.c — the console's wiring: it makes the links, the journal, alerting
 * and the core, and executes what the core decides (app/core/console.h):
 * journal rows, ops sent on links, events for the front end. Nothing is
 * decided here. */
#include "app-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---- the core's effects ------------------------------------------------- */

static uint64_t send_op(struct app *a, const struct console_fx *e)
{
	const struct console_op *p = e->op;
	/* Its subject: a site or a work order, else an alarm. */
	bool site = p->action == PROTO_ACT_TEST || p->action == PROTO_ACT_WORK_NEW;
	bool order = p->action == PROTO_ACT_WORK;
	struct proto_op op = {.op_id = p->op_id, .alarm_id = site || order ? "" : p->alarm_id,
			      .site = site ? p->alarm_id : NULL, .order = order ? p->alarm_id : NULL,
			      .action = (enum proto_action)p->action, .text = p->text,
			      .code = p->code};
	struct proto_broadcast b = {.op_id = p->op_id, .text = p->text};
	struct link *l = a->centers[e->center].links[e->link].link;

	if (a->net == NULL)
		return 0; /* stopping, the links are going: it stays pending (journaled) */
	return link_send(l, p->notice ? proto_encode_broadcast(&b) : proto_encode_op(&op)) == 0;
}

static uint64_t core_fx(void *ctx, const struct console_fx *e)
{
	struct app *a = ctx;

	switch (e->kind) {
	case CONSOLE_FX_JOURNAL:
		return a->journal ? journal_append_n(a->journal, e->alarm_id, e->action, e->detail,
						     e->detail_len, e->outcome)
				  : 0;
	case CONSOLE_FX_SEND:
		return send_op(a, e);
	case CONSOLE_FX_EVENT:
		app__emit(a, e->ev);
		return 0;
	case CONSOLE_FX_SEEN:
		if (app_modes[a->mode].seen && app_modes[a->mode].seen(a, e->ev.alarm))
			app_drill_score(a);
		return 0;
	case CONSOLE_FX_RECONNECT:
		link_reconnect(a->centers[e->center].links[e->link].link, e->detail);
		return 0;
	}
	return 0;
}

/* ---- the journal's callbacks -------------------------------------------- */

static void durable_cb(void *ctx, uint64_t seq)
{
	struct app *a = ctx;

	/* Ops go out only once their journal row is on disk: an action the
	 * center acknowledged is never missing from the journal. */
	console_durable(&a->core, seq);
}

static void journal_problem_cb(void *ctx, const char *what)
{
	struct app *a = ctx;
	bool was_bad = a->journal_err[0] != '\0';

	if (a->stopping)
		return; /* the front end may be gone */
	snprintf(a->journal_err, sizeof a->journal_err, "%s", what);
	if (what[0] || was_bad)
		app__emit(a, (struct app_event){
			.kind = APP_EV_PROBLEM,
			.text = what[0] ? what : "journal: writing again, actions are taken again"});
}

static void retention_cb(uv_timer_t *t)
{
	struct app *a = t->data;

	if (a->journal)
		journal_prune(a->journal, app_now_ms() - (int64_t)a->cfg.retention_days * 86400000);
}

/* Who the journal rows name: this console, operator, role and mode. */
static void identity(const struct app *a, struct journal_ident *id)
{
	memset(id, 0, sizeof *id);
	snprintf(id->console, sizeof id->console, "%s", a->cfg.console_id);
	snprintf(id->operator_, sizeof id->operator_, "%s", a->cfg.operator_);
	snprintf(id->role, sizeof id->role, "%s", a->cfg.role);
	snprintf(id->mode, sizeof id->mode, "%s", app_mode_name(a->mode));
}

/* ---- life cycle ----------------------------------------------------------- */

static void lws_log_cb(int level, const char *line)
{
	(void)level;
	(void)line; /* lws chatter never reaches the operator's terminal */
}

static int make_links(struct app *a, const struct config *cfg)
{
	const char *names[CONFIG_MAX_CENTERS];
	int nlinks[CONFIG_MAX_CENTERS];
	char prefix[40], err[300];
	struct link_tls tls = {cfg->ca_file, cfg->insecure};

	a->net = link_net_new(a->loop, lws_log_cb, &tls);
	for (int i = 0; i < cfg->ncenters; i++) {
		names[i] = cfg->centers[i].name;
		nlinks[i] = cfg->centers[i].nurls;
	}
	snprintf(prefix, sizeof prefix, "%.20s-%llx", cfg->console_id,
		 (unsigned long long)app_now_ms());
	if (a->net == NULL ||
	    console_init(&a->core, APP_BOOK_CAP, cfg->ncenters, names, nlinks, prefix,
			 (struct console_sink){core_fx, a})) {
		snprintf(a->err, sizeof a->err, "cannot start the WebSocket client (libwebsockets "
						"with libuv support: package libwebsockets-evlib-uv)");
		return -1;
	}
	a->book = a->core.book;
	for (int i = 0; i < cfg->ncenters; i++) {
		struct app_center *c = &a->centers[i];
		c->cfg = cfg->centers[i];
		snprintf(c->name, sizeof c->name, "%s", c->cfg.name);
		for (int k = 0; k < c->cfg.nurls; k++) {
			c->links[k].link = link_new(a->net, c->cfg.urls[k], &app__link_cbs, a, err,
						    sizeof err);
			if (c->links[k].link == NULL) {
				snprintf(a->err, sizeof a->err, "center %s: %s", c->cfg.name, err);
				return -1;
			}
			c->nlinks++;
		}
		a->ncenters++;
	}
	return 0;
}

int app_init(struct app *a, uv_loop_t *loop, const struct config *cfg, enum app_mode m,
	     const char *password, const struct app_frontend *fe, void *fe_data)
{
	memset(a, 0, sizeof *a);
	a->loop = loop;
	a->cfg = *cfg;
	a->mode = m;
	if (!app_modes[m].audible)
		a->cfg.audio = a->cfg.bell = false;
	if (!app_modes[m].journaled)
		a->cfg.journal[0] = '\0';
	a->fe = fe;
	a->fe_data = fe_data;
	snprintf(a->password, sizeof a->password, "%s", password);
	if (proto_role_parse(cfg->role, &a->role)) {
		snprintf(a->err, sizeof a->err, "unknown role '%s'", cfg->role);
		return -1;
	}
	if (cfg->ncenters == 0) {
		snprintf(a->err, sizeof a->err,
			 "no center configured: add a [center] section with url = ws://HOST:PORT "
			 "to the config file, or use --center URL (or --demo)");
		return -1;
	}
	if (make_links(a, cfg))
		return -1;
	/* Audio first: its device probe forks, which is only safe while this is
	 * the process's one thread (the journal starts a writer thread). */
	app_alert_init(a);
	if (a->cfg.journal[0]) { /* no journal path: nothing to journal */
		struct journal_ident id;
		struct journal_cb jcb = {durable_cb, journal_problem_cb, a};
		enum journal_alg alg = JOURNAL_SHA256;
		journal_alg_parse(cfg->journal_hash, &alg);
		identity(a, &id);
		a->journal = journal_open(loop, a->cfg.journal, alg, &id, &jcb, a->journal_err,
					  sizeof a->journal_err);
		if (a->journal && cfg->journal_queue_mb)
			journal_set_queue_max(a->journal, (size_t)cfg->journal_queue_mb << 20);
	}
	uv_timer_init(loop, &a->anchor_timer);
	uv_timer_init(loop, &a->retention_timer);
	uv_timer_init(loop, &a->clock_timer);
	a->anchor_timer.data = a->retention_timer.data = a->clock_timer.data = a;
	return 0;
}

static void clock_cb(uv_timer_t *t)
{
	app_escalate(t->data, app_center_now(t->data));
}

void app_start(struct app *a)
{
	if (a->journal) {
		struct journal_ident id;
		identity(a, &id);
		journal_set_identity(a->journal, &id);
		int restored = app__restore_ops(a);
		char note[80];
		journal_append(a->journal, "", "session.start", journal_path(a->journal), "");
		if (a->cfg.insecure)
			journal_append(a->journal, "", "tls.insecure",
				       "certificates and host names are not verified", "");
		if (restored) {
			snprintf(note, sizeof note, "%d ops from before the restart are sent again",
				 restored);
			journal_append(a->journal, "", "outbox.restore", note, "");
			app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .text = note});
		}
		app_alert_journal_state(a);
		uv_timer_start(&a->anchor_timer, app__anchor_cb, 2000, 10000);
		uv_timer_start(&a->retention_timer, retention_cb, 60000, 86400000);
	} else if (a->cfg.journal[0]) {
		app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .text = a->journal_err});
	}
	uv_timer_start(&a->clock_timer, clock_cb, 1000, 1000);
	for (int i = 0; i < a->ncenters; i++)
		for (int k = 0; k < a->centers[i].nlinks; k++)
			link_start(a->centers[i].links[k].link);
}

struct stop_ctx {
	struct app *a;
	void (*done_cb)(void *ctx);
	void *ctx;
};

static void journal_gone_cb(void *p)
{
	struct app *a = p;

	if (a->journal) {
		struct journal *j = a->journal;
		a->journal = NULL;
		journal_close(j, a->stop_done, a->stop_ctx);
	} else if (a->stop_done) {
		a->stop_done(a->stop_ctx);
	}
}

static void links_gone_cb(void *p)
{
	struct stop_ctx *s = p;
	struct app *a = s->a;

	a->stop_done = s->done_cb;
	a->stop_ctx = s->ctx;
	free(s);
	app_alert_close(a, journal_gone_cb, a);
}

void app_stop(struct app *a, void (*done_cb)(void *ctx), void *ctx)
{
	struct stop_ctx *s = malloc(sizeof *s);

	if (s == NULL)
		abort();
	*s = (struct stop_ctx){a, done_cb, ctx};
	a->stopping = true;
	app__dialers_close(a);
	if (a->anchor_timer.loop != NULL && !uv_is_closing((uv_handle_t *)&a->anchor_timer)) {
		uv_close((uv_handle_t *)&a->anchor_timer, NULL);
		uv_close((uv_handle_t *)&a->retention_timer, NULL);
		uv_close((uv_handle_t *)&a->clock_timer, NULL);
	}
	if (a->journal)
		journal_append(a->journal, "", "session.end", "", "");
	if (a->net) {
		link_net_free(a->net, links_gone_cb, s);
		a->net = NULL;
	} else {
		links_gone_cb(s);
	}
}

void app_release(struct app *a)
{
	app__site_release(a);
	app__images_release(a);
	console_release(&a->core);
	a->book = NULL;
	memset(a->password, 0, sizeof a->password);
}
