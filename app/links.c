/* links.c — the link glue: what each link of each center says, decoded and
 * handed to the core (app/core/console), and what the links' state means
 * for the operator (the center's state is the best of its links'). The
 * frames' own text is what the journal keeps of stream messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-int.h"

_Static_assert(PROTO_DEV_ONLINE == 0, "the core takes device state 0 as online");

/* The center and link slot of a link. */
static int center_index(const struct app *a, const struct link *l, int *li)
{
	for (int i = 0; i < a->ncenters; i++)
		for (int k = 0; k < a->centers[i].nlinks; k++)
			if (a->centers[i].links[k].link == l) {
				*li = k;
				return i;
			}
	*li = 0;
	return -1;
}

/* A center's state is the best of its links'. */
static enum link_state center_state(const struct app_center *c)
{
	static const int rank[] = {[LINK_UP] = 5, [LINK_CONNECTING] = 4, [LINK_RESOLVING] = 3,
				   [LINK_DOWN] = 2, [LINK_REFUSED] = 1, [LINK_IDLE] = 0};
	enum link_state best = LINK_IDLE;

	for (int k = 0; k < c->nlinks; k++)
		if (rank[c->links[k].state] > rank[best])
			best = c->links[k].state;
	return best;
}

static void problem(struct app *a, int center, const char *text, int code)
{
	app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .center = center, .text = text,
				   .code = code});
}

static void fill_hello_cb(void *ud, struct link *l, struct proto_hello *h)
{
	struct app *a = ud;
	int li, i = center_index(a, l, &li);
	const struct stream *s = &a->core.centers[i].stream;

	h->console = a->cfg.console_id;
	h->operator_ = a->cfg.operator_;
	h->password = a->password;
	h->role = a->role;
	h->req_id = "hello";
	h->resume = s->epoch[0] != '\0';
	h->epoch = s->epoch;
	h->seq = s->last;
}

static void on_state_cb(void *ud, struct link *l, enum link_state st, const char *why)
{
	struct app *a = ud;
	int li, i = center_index(a, l, &li);
	struct app_center *c = &a->centers[i];
	struct app_link *k = &c->links[li];

	if ((st == LINK_DOWN || st == LINK_REFUSED) && k->state != st) {
		char d[400];
		snprintf(d, sizeof d, "center=%s link=%s %s", c->cfg.name, link_url(l), why);
		if (a->journal)
			journal_append(a->journal, "", st == LINK_REFUSED ? "session.refused" : "link.down",
				       d, why);
	}
	k->state = st;
	snprintf(k->why, sizeof k->why, "%s", why);
	c->state = center_state(c);
	if (c->nlinks > 1)
		snprintf(c->why, sizeof c->why, "%s: %s", link_url(l), why);
	else
		snprintf(c->why, sizeof c->why, "%s", why);
	console_link_state(&a->core, i, li, st == LINK_UP, st == LINK_DOWN);
	app__emit(a, (struct app_event){.kind = APP_EV_LINK, .center = i, .text = c->why,
				   .code = (int)c->state});
}

static void on_bad_frame_cb(void *ud, struct link *l, int code, const char *err)
{
	struct app *a = ud;
	int li;
	char msg[300];

	snprintf(msg, sizeof msg, "bad frame from the center dropped: %s", err);
	problem(a, center_index(a, l, &li), msg, code);
}

static void on_binary_cb(void *ud, struct link *l, const unsigned char *data, size_t len)
{
	if (!app__on_image(ud, data, len))
		on_bad_frame_cb(ud, l, PROTO_E_FIELD, "an image that was not asked for");
}

static int load_codes(struct app *a, const struct proto_msg *m, const char *list,
		      struct app_code *out, int center)
{
	struct proto_code_item items[APP_MAX_CODES];
	char err[200];
	int n = proto_plans_codes(m, list, items, APP_MAX_CODES, err, sizeof err);

	if (n < 0) {
		problem(a, center, err, 0);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		out[i].code = items[i].code;
		snprintf(out[i].text, sizeof out[i].text, "%s", items[i].text);
	}
	return n;
}

/* The people of a list of the plans message ("units", "staff") into out. */
static int load_people(struct app *a, const struct proto_msg *m, int center, const char *list,
		       struct app_unit *out)
{
	struct proto_unit u[PROTO_MAX_UNITS];
	char err[256];
	int n = proto_plans_units(m, list, u, PROTO_MAX_UNITS, err, sizeof err);

	if (n < 0) {
		problem(a, center, err, 0);
		n = 0;
	}
	for (int i = 0; i < n; i++) {
		snprintf(out[i].id, sizeof out[i].id, "%s", u[i].id);
		snprintf(out[i].name, sizeof out[i].name, "%s", u[i].name);
		snprintf(out[i].phone, sizeof out[i].phone, "%s", u[i].phone);
	}
	return n;
}

void app__plan_copy(struct app_plan *d, const struct proto_plan *p)
{
	snprintf(d->id, sizeof d->id, "%s", p->id);
	snprintf(d->name, sizeof d->name, "%s", p->name);
	d->cls = p->cls;
	d->nsteps = p->nsteps;
	for (int k = 0; k < p->nsteps; k++) {
		snprintf(d->steps[k], sizeof d->steps[k], "%s", p->steps[k]);
		d->mandatory[k] = p->mandatory[k];
	}
}

static void add_plans(struct app *a, const struct proto_msg *m, int center)
{
	char err[256];

	a->nplans = 0;
	for (size_t i = 0; i < proto_plans_count(m) && a->nplans < APP_MAX_PLANS; i++) {
		struct proto_plan p;
		struct app_plan *d = &a->plans[a->nplans];
		if (proto_plans_get(m, i, &p, err, sizeof err)) {
			problem(a, center, err, PROTO_E_FIELD);
			continue;
		}
		app__plan_copy(d, &p);
		a->nplans++;
	}
	a->ncauses = load_codes(a, m, "causes", a->causes, center);
	a->noutcomes = load_codes(a, m, "outcomes", a->outcomes, center);
	a->nunits = load_people(a, m, center, "units", a->units);
	a->nstaff = load_people(a, m, center, "staff", a->staff);
}

/* The text the journal keeps of a message: the frame as received, unless
 * it holds a control byte (never written raw to a file an operator may
 * print), or there is none: then the message encoded again. *owned is what
 * to free. */
static const char *journal_text(struct proto_msg *m, const char *raw, size_t *len, char **owned)
{
	*owned = NULL;
	for (size_t k = 0; raw && k < *len; k++)
		if ((unsigned char)raw[k] < 0x20) {
			raw = NULL;
			break;
		}
	if (raw)
		return raw;
	switch (m->type) {
	case PROTO_ALARM: *owned = proto_encode_alarm(&m->alarm, m->seq); break;
	case PROTO_UPDATE: *owned = proto_encode_update(&m->u.update, m->seq); break;
	case PROTO_DEVICE: *owned = proto_encode_device(&m->u.device, m->seq); break;
	case PROTO_NOTICE: *owned = proto_encode_notice(&m->u.notice, m->seq); break;
	case PROTO_ARM: *owned = proto_encode_arm(&m->u.arm, m->seq); break;
	case PROTO_TEST: *owned = proto_encode_test(&m->u.test, m->seq); break;
	case PROTO_SIGNAL: *owned = proto_encode_signal(&m->u.signal, m->seq); break;
	case PROTO_FLOOD: *owned = proto_encode_flood(&m->u.flood, m->seq); break;
	case PROTO_ORDER: {
		struct work_order w;
		char err[160];
		if (proto_order_get(m, &w, err, sizeof err) == 0)
			*owned = proto_encode_order(&w, m->seq);
		break;
	}
	default: break;
	}
	*len = *owned ? strlen(*owned) : 0;
	return *owned ? *owned : "";
}

/* A stream message as the core takes it; text is room for a device's or
 * notice's words. */
static void to_core(struct proto_msg *m, struct console_msg *cm, char *text, size_t len,
		    struct work_order *wo)
{
	cm->seq = m->seq;
	switch (m->type) {
	case PROTO_ALARM:
		cm->kind = CONSOLE_ALARM;
		cm->alarm = &m->alarm;
		break;
	case PROTO_UPDATE:
		cm->kind = CONSOLE_UPDATE;
		cm->update = &m->u.update;
		break;
	case PROTO_DEVICE: {
		const struct proto_device *d = &m->u.device;
		cm->kind = CONSOLE_DEVICE;
		snprintf(text, len, "%s %s %s", d->cust_id, d->device,
			 proto_device_state_name(d->state));
		cm->code = (int)d->state;
		cm->cust_id = d->cust_id;
		cm->device = d->device;
		cm->at_ms = d->at_ms;
		break;
	}
	case PROTO_ARM: {
		const struct proto_arm *a = &m->u.arm;
		cm->kind = CONSOLE_ARM;
		snprintf(text, len, "%s %d %s %s", a->cust_id, a->partition,
			 a->armed ? "armed" : "disarmed", a->user);
		cm->code = a->armed;
		cm->cust_id = a->cust_id;
		cm->device = a->user;
		cm->partition = a->partition;
		cm->at_ms = a->at_ms;
		break;
	}
	case PROTO_TEST: {
		const struct proto_test *t = &m->u.test;
		cm->kind = CONSOLE_TEST;
		snprintf(text, len, "%s %s %s", t->cust_id, proto_test_state_name(t->state),
			 t->reason);
		cm->code = (int)t->state;
		cm->cust_id = t->cust_id;
		cm->device = t->by;
		cm->reason = t->reason;
		cm->until_ms = t->until_ms;
		cm->at_ms = t->at_ms;
		break;
	}
	case PROTO_FLOOD: {
		const struct proto_flood *f = &m->u.flood;
		cm->kind = CONSOLE_FLOOD;
		cm->code = f->on;
		cm->rate = f->rate;
		cm->at_ms = f->since_ms;
		cm->until_ms = f->at_ms;
		cm->partition = f->alarms > INT32_MAX ? INT32_MAX : (int)f->alarms;
		if (f->on)
			snprintf(text, len, "storm: %.0f alarms/s (over %.0f)", f->rate, f->threshold);
		else
			snprintf(text, len, "storm over: %llu alarms in %lld s",
				 (unsigned long long)f->alarms, (long long)((f->at_ms - f->since_ms) / 1000));
		break;
	}
	case PROTO_ORDER: {
		char err[200];
		cm->kind = CONSOLE_ORDER;
		if (proto_order_get(m, wo, err, sizeof err)) {
			cm->kind = CONSOLE_NOTICE; /* it decoded once: cannot happen */
			snprintf(text, len, "%s", err);
			break;
		}
		snprintf(text, len, "%s %s %s %s faults=%d assignee=%s", wo->id, wo->cust_id,
			 order_state_names[wo->state], order_urgency_names[wo->urgency], wo->faults,
			 wo->assignee);
		cm->order = wo;
		cm->cust_id = wo->cust_id;
		cm->at_ms = wo->opened_ms;
		break;
	}
	case PROTO_SIGNAL: {
		const struct proto_signal *g = &m->u.signal;
		cm->kind = CONSOLE_SIGNAL;
		snprintf(text, len, "%s %s zone %d%s%s", g->cust_id, g->event, g->zone,
			 g->zone_name[0] ? " " : "", g->zone_name);
		cm->cust_id = g->cust_id;
		cm->partition = g->zone;
		cm->reason = g->event;
		cm->code = g->qualifier;
		cm->at_ms = g->at_ms;
		break;
	}
	default:
		cm->kind = CONSOLE_NOTICE;
		snprintf(text, len, "%s: %s", m->u.notice.from, m->u.notice.text);
		break;
	}
	cm->text = text;
}

/* A stream message of center i: through the seq check when it came on a
 * link (li ≥ 0), applied as it is otherwise. */
static void stream_msg(struct app *a, int i, int li, struct proto_msg *m, const char *raw,
		       size_t len)
{
	struct console_msg cm = {0};
	struct work_order wo;
	char text[600], *owned;

	cm.frame = journal_text(m, raw, &len, &owned);
	cm.frame_len = len;
	to_core(m, &cm, text, sizeof text, &wo);
	if (li >= 0)
		console_stream(&a->core, i, li, &cm);
	else
		console_apply(&a->core, i, &cm);
	free(owned);
}

void app__apply_frame(struct app *a, int i, struct proto_msg *m, const char *raw, size_t len)
{
	stream_msg(a, i, -1, m, raw, len);
}

static void on_snapshot(struct app *a, int i, int li, struct proto_msg *m)
{
	char err[256];

	console_snapshot_begin(&a->core, i, li);
	for (size_t n = 0; n < m->u.snapshot.count; n++) {
		struct alarm al;
		struct alarm_entry tl[ALARM_MAX_TIMELINE];
		char *frame;
		if (proto_snapshot_alarm(m, n, &al, tl, err, sizeof err)) {
			problem(a, i, err, 0);
			continue;
		}
		frame = proto_encode_alarm(&al, 0);
		console_snapshot_alarm(&a->core, i, li, &al, frame ? frame : "",
				       frame ? strlen(frame) : 0);
		free(frame);
	}
	for (size_t n = 0; n < m->u.snapshot.nstanding; n++) {
		struct proto_msg sm;
		if (proto_snapshot_standing(m, n, &sm, err, sizeof err)) {
			problem(a, i, err, 0);
			continue;
		}
		stream_msg(a, i, -1, &sm, NULL, 0);
		proto_msg_release(&sm);
	}
	console_snapshot_end(&a->core, i, li, m->u.snapshot.more, m->u.snapshot.head);
}

static void on_welcome(struct app *a, int i, int li, struct link *l, const struct proto_welcome *w)
{
	struct app_center *c = &a->centers[i];
	char text[400];

	snprintf(c->name, sizeof c->name, "%s", w->center);
	c->role = w->role;
	c->skew_ms = w->time_ms - app_now_ms();
	c->has_skew = true;
	link_set_liveness(l, 3 * w->heartbeat_ms);
	console_welcome(&a->core, i, li, w->epoch);
	snprintf(text, sizeof text, "center=%s name=%s epoch=%s resume=%llu", c->cfg.name, c->name,
		 w->epoch, (unsigned long long)a->core.centers[i].stream.last);
	if (a->journal)
		journal_append(a->journal, "", "session.login", text, proto_role_name(c->role));
}

static void on_msg_cb(void *ud, struct link *l, struct proto_msg *m, const char *raw, size_t len)
{
	struct app *a = ud;
	int li, i = center_index(a, l, &li);
	char text[400];

	switch (m->type) {
	case PROTO_WELCOME:
		on_welcome(a, i, li, l, &m->u.welcome);
		break;
	case PROTO_ERROR:
		snprintf(text, sizeof text, "center: %s (%d%s%s)", m->u.error.msg, m->u.error.code,
			 m->u.error.field[0] ? ", " : "", m->u.error.field);
		problem(a, i, text, m->u.error.code);
		break;
	case PROTO_PLANS:
		add_plans(a, m, i);
		break;
	case PROTO_SNAPSHOT:
		on_snapshot(a, i, li, m);
		break;
	case PROTO_SYNCED:
		console_synced(&a->core, i, li);
		app__emit(a, (struct app_event){.kind = APP_EV_SYNCED, .center = i, .seq = m->seq});
		break;
	case PROTO_TICK:
		a->centers[i].skew_ms = m->u.tick.time_ms - app_now_ms();
		break;
	case PROTO_OP_ACK:
		console_ack(&a->core, i, m->u.op_ack.op_id, m->u.op_ack.code, m->u.op_ack.msg);
		break;
	case PROTO_ROOM:
		app__on_room(a, i, m);
		break;
	case PROTO_FIGURES:
		app__on_figures(a, i, m);
		break;
	case PROTO_SITE:
		app__on_site(a, i, raw, len);
		break;
	case PROTO_IMAGES:
		app__on_images(a, i, &m->u.images);
		break;
	case PROTO_ALARM:
	case PROTO_UPDATE:
	case PROTO_DEVICE:
	case PROTO_NOTICE:
	case PROTO_ARM:
	case PROTO_TEST:
	case PROTO_SIGNAL:
	case PROTO_ORDER:
	case PROTO_FLOOD:
		stream_msg(a, i, li, m, raw, len);
		break;
	default:
		break;
	}
}

const struct link_cb app__link_cbs = {
	.on_state = on_state_cb,
	.on_msg = on_msg_cb,
	.on_bad_frame = on_bad_frame_cb,
	.on_binary = on_binary_cb,
	.fill_hello = fill_hello_cb,
};
