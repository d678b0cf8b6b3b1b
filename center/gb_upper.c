/* gb_upper.c — the cascade to the upper platform (级联, GB/T 28181): the
 * center registers to the police alarm-receiving platform as a lower
 * platform (digest authentication, refreshed at half its lifetime), keeps
 * it alive (3 keepalives unanswered: down, registered again), and forwards
 * incidents to it as alarm Notify messages. The platform's Response is the
 * receipt: it goes on the alarm, and the operator confirms it by hand
 * (center/gb_server.h, gb_server-int.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../app/core/cid.h"
#include "gb_server-int.h"

#define TRIES 4		 /* sends of one forward before it failed */
#define BACKOFF_MAX_S 60 /* between registration attempts */
#define MISSED_MAX 3	 /* keepalives unanswered before the link is down */

static const struct gb_upper *upper(struct gb_server *s)
{
	return &gb(s)->upper;
}

bool gb_upper_from(struct gb_server *s, const osip_message_t *req)
{
	return upper(s)->on && strcmp(sip_from_user(req), upper(s)->id) == 0;
}

/* The link to the platform as a device of the center (the status bar
 * counts it while it is down). */
static void announce(struct gb_server *s, bool up)
{
	char name[128];

	if (s->up.announced_down == !up)
		return;
	s->up.announced_down = !up;
	snprintf(name, sizeof name, "GB28181 上级平台 %s", upper(s)->name);
	center_batch_begin(s->c);
	center_emit_device(s->c, upper(s)->id, name, up ? PROTO_DEV_ONLINE : PROTO_DEV_OFFLINE);
	center_batch_end(s->c);
}

/* ---- registration ----------------------------------------------------------- */

static void send_register(struct gb_server *s, const char *authorization);

static void retry_later(struct gb_server *s, const char *why)
{
	struct gb_uplink *u = &s->up;

	u->backoff_s = u->backoff_s ? u->backoff_s * 2 : 5;
	if (u->backoff_s > BACKOFF_MAX_S)
		u->backoff_s = BACKOFF_MAX_S;
	u->next_register_ms = center_now_ms() + u->backoff_s * 1000LL;
	center_log("gb28181 cascade to %s (%s): %s; registering again in %d s", upper(s)->name,
		   upper(s)->address, why, u->backoff_s);
	if (u->registered || !u->announced_down) {
		u->registered = false;
		announce(s, false);
	}
}

static void registered_cb(void *arg, const char *label, int code, const osip_message_t *resp)
{
	struct gb_server *s = arg;
	struct gb_uplink *u = &s->up;
	char uri[80], auth[600], why[80];

	snprintf(uri, sizeof uri, "sip:%s@%s", upper(s)->id, upper(s)->domain);
	if (code == 401 && resp && !u->challenged &&
	    sip_answer_challenge(resp, gb(s)->platform_id, upper(s)->password, "REGISTER", uri,
				 auth, sizeof auth) == 0) {
		u->challenged = true;
		send_register(s, auth);
		return;
	}
	u->registering = u->challenged = false;
	if (code != 200) {
		snprintf(why, sizeof why, "registration %s (%d)",
			 code == 401 || code == 403 ? "refused: check the ID and password"
			 : code == 408		    ? "not answered"
						    : "failed",
			 code);
		retry_later(s, why);
		return;
	}
	u->backoff_s = 0;
	u->missed = 0;
	u->next_register_ms = center_now_ms() + upper(s)->expires_s * 500LL; /* at half */
	if (!u->registered) {
		u->next_keepalive_ms = center_now_ms() + upper(s)->keepalive_s * 1000LL;
		center_log("gb28181 cascade: registered to %s (%s) as %s for %d s", upper(s)->name,
			   upper(s)->address, gb(s)->platform_id, upper(s)->expires_s);
	}
	u->registered = true;
	announce(s, true);
}

static void send_register(struct gb_server *s, const char *authorization)
{
	struct gb_uplink *u = &s->up;
	char uri[80], me[80], contact[120];
	struct sip_request_args a = {0};
	osip_message_t *m;

	snprintf(uri, sizeof uri, "sip:%s@%s", upper(s)->id, upper(s)->domain);
	snprintf(me, sizeof me, "sip:%s@%s", gb(s)->platform_id, gb(s)->domain);
	snprintf(contact, sizeof contact, "sip:%s@%s", gb(s)->platform_id, sip_link_addr(s->link));
	if (!u->call_id[0]) {
		sip_token(u->call_id, sizeof u->call_id);
		sip_token(u->tag, sizeof u->tag);
	}
	a.method = "REGISTER";
	a.uri = uri;
	a.from = a.to = me;
	a.from_tag = u->tag;
	a.call_id = u->call_id;
	a.cseq = ++u->cseq;
	a.contact = contact;
	a.expires = upper(s)->expires_s;
	if ((m = sip_request(&a)) == NULL)
		return;
	if (authorization)
		osip_message_set_authorization(m, authorization);
	u->registering = true;
	sip_link_request(s->link, &upper(s)->peer, m, 0, "cascade REGISTER", registered_cb, s);
}

static void keepalive_cb(void *arg, const char *label, int code, const osip_message_t *resp)
{
	struct gb_server *s = arg;
	struct gb_uplink *u = &s->up;

	u->keepalive_out = false;
	if (code == 200) {
		u->missed = 0;
		return;
	}
	if (++u->missed >= MISSED_MAX && u->registered) {
		u->missed = 0;
		u->backoff_s = 0;
		retry_later(s, "3 keepalives unanswered: the link is down");
	}
}

static void send_keepalive(struct gb_server *s)
{
	const char *kv[] = {"Status", "OK", NULL};
	char uri[80], *body;
	size_t len = 0;

	snprintf(uri, sizeof uri, "sip:%s@%s", upper(s)->id, upper(s)->domain);
	if ((body = manscdp_build(MANSCDP_NOTIFY, "Keepalive", ++s->up.sn, gb(s)->platform_id, kv,
				  &len)) == NULL)
		return;
	s->up.keepalive_out = true;
	gb_message(s, &upper(s)->peer, uri, upper(s)->id, upper(s)->domain, "cascade Keepalive",
		   body, len, upper(s)->keepalive_s * 1000, keepalive_cb);
	free(body);
}

/* ---- forwarding ------------------------------------------------------------- */

/* A step of the cascade on the alarm's timeline, with the clock it stops
 * and the one it starts (-1: none); an alarm closed meanwhile: the log has it. */
static void on_alarm(struct gb_server *s, const char *id, const char *action, const char *text,
		     int stop, int start)
{
	center_step(s->c, id,
		    &(struct center_change){.action = action, .by = "center", .text = text}, stop,
		    start);
}

/* The alarm's Notify: our ID or, for an alarm of a GB/T 28181 channel,
 * that channel's; the alarm's priority; method 2 (device) or 6 (device
 * fault); its words for the police in the description. */
static char *notify_of(struct gb_server *s, const struct alarm *a, unsigned long sn, size_t *len)
{
	const char *src = strstr(a->sources, "gb28181 #");
	const struct cid_code *cid = cid_lookup(a->event_code);
	char channel[GB_ID_LEN], prio[4], when[24], what[400], lon[24], lat[24];
	const char *kv[16];
	time_t t = (time_t)(a->occurred_ms / 1000);
	struct tm tm;
	int n = 0;

	snprintf(channel, sizeof channel, "%.20s", src ? src + 9 : gb(s)->platform_id);
	if (!gb_id_ok(channel))
		snprintf(channel, sizeof channel, "%s", gb(s)->platform_id);
	snprintf(prio, sizeof prio, "%d", a->priority >= 1 && a->priority <= 4 ? a->priority : 1);
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(what, sizeof what, "%s %s %s 防区%d %s 报警编号 %s", cid ? cid->zh : a->event_code,
		 a->cust_name, a->addr_text, a->zone_no, a->zone_name, a->id);
	kv[n++] = "AlarmPriority";
	kv[n++] = prio;
	kv[n++] = "AlarmMethod";
	kv[n++] = alarm_is_fault(a->cls) ? "6" : "2";
	kv[n++] = "AlarmTime";
	kv[n++] = when;
	kv[n++] = "AlarmDescription";
	kv[n++] = what;
	if (a->has_lonlat) {
		snprintf(lon, sizeof lon, "%.6f", a->lon);
		snprintf(lat, sizeof lat, "%.6f", a->lat);
		kv[n++] = "Longitude";
		kv[n++] = lon;
		kv[n++] = "Latitude";
		kv[n++] = lat;
	}
	kv[n] = NULL;
	return manscdp_build(MANSCDP_NOTIFY, "Alarm", sn, channel, kv, len);
}

static void send_forward(struct gb_server *s, struct uplink_forward *f)
{
	const struct alarm *a = book_find(s->c->book, f->alarm_id);
	char uri[80], label[64], *body;
	size_t len = 0;

	if (a == NULL || (body = notify_of(s, a, f->sn, &len)) == NULL) {
		f->used = false;
		return;
	}
	snprintf(uri, sizeof uri, "sip:%s@%s", upper(s)->id, upper(s)->domain);
	snprintf(label, sizeof label, "cascade Alarm SN %lu (%s)", f->sn, f->alarm_id);
	f->tries++;
	f->next_ms = center_now_ms() + a->rules->limit_ms[FLOW_CLK_UPLINK];
	gb_message(s, &upper(s)->peer, uri, upper(s)->id, upper(s)->domain, label, body, len,
		   a->rules->limit_ms[FLOW_CLK_UPLINK], NULL);
	free(body);
}

void gb_upper_forward(struct gb_server *s, const struct alarm *a, const char *by)
{
	struct uplink_forward *f = NULL;
	char text[160];

	if (!upper(s)->on)
		return;
	for (int i = 0; i < GB_FORWARDS; i++) {
		if (s->up.fwd[i].used && strcmp(s->up.fwd[i].alarm_id, a->id) == 0)
			return; /* on its way already */
		if (!s->up.fwd[i].used && f == NULL)
			f = &s->up.fwd[i];
	}
	if (f == NULL) {
		center_log("gb28181 cascade: alarm %s not forwarded: %d forwards wait already",
			   a->id, GB_FORWARDS);
		return;
	}
	memset(f, 0, sizeof *f);
	f->used = true;
	snprintf(f->alarm_id, sizeof f->alarm_id, "%s", a->id);
	f->sn = ++s->up.sn;
	f->first_ms = center_now_ms();
	send_forward(s, f);
	center_log("gb28181 cascade: alarm %s forwarded to %s (SN %lu) for %s", f->alarm_id,
		   upper(s)->name, f->sn, by);
	snprintf(text, sizeof text, "%s", upper(s)->name);
	on_alarm(s, f->alarm_id, "uplink_sent", text, -1, FLOW_CLK_UPLINK);
}

void gb_upper_auto(struct gb_server *s, const struct alarm *a)
{
	if (upper(s)->on && s->up.nautos < GB_AUTO_QUEUE)
		snprintf(s->up.autos[s->up.nautos++], sizeof s->up.autos[0], "%s", a->id);
}

/* The platform's Response to a forward: the receipt. */
static void received(struct gb_server *s, const struct manscdp *m)
{
	char text[160];

	for (int i = 0; i < GB_FORWARDS; i++) {
		struct uplink_forward *f = &s->up.fwd[i];
		if (!f->used || f->sn != m->sn)
			continue;
		f->used = false;
		center_log(
		    "gb28181 cascade: %s received alarm %s (SN %lu, %s) after %lld ms, %d sent",
		    upper(s)->name, f->alarm_id, f->sn, m->result,
		    (long long)(center_now_ms() - f->first_ms), f->tries);
		snprintf(text, sizeof text, "%s %s", upper(s)->name, m->result);
		on_alarm(s, f->alarm_id,
			 strcasecmp(m->result, "OK") == 0 ? "uplink_received" : "uplink_failed",
			 text, FLOW_CLK_UPLINK,
			 strcasecmp(m->result, "OK") == 0 ? FLOW_CLK_RECEIPT : -1);
		return;
	}
	center_log("gb28181 cascade: a Response SN %lu nobody waits for", m->sn);
}

void gb_upper_request(struct gb_server *s, const osip_message_t *req, const struct sip_peer *from)
{
	struct manscdp m;
	const char *body;
	size_t len = 0;
	char err[200];

	if (!MSG_IS_MESSAGE(req)) {
		gb_answer(s, req, from, 405, "Allow", "MESSAGE");
		return;
	}
	if ((body = sip_body(req, &len)) == NULL || manscdp_parse(body, len, &m, err, sizeof err)) {
		center_log("gb28181 cascade: %s sent a body not understood: %s: 400",
			   upper(s)->name, body ? err : "no body");
		gb_answer(s, req, from, 400, NULL, NULL);
		return;
	}
	gb_answer(s, req, from, 200, NULL, NULL);
	if (m.root == MANSCDP_RESPONSE && strcmp(m.cmd, "Alarm") == 0)
		received(s, &m);
	else
		center_log("gb28181 cascade: %s asked %s: not handled", upper(s)->name, m.cmd);
}

void gb_upper_tick(struct gb_server *s, int64_t now_ms)
{
	struct gb_uplink *u = &s->up;
	char text[120];

	if (!upper(s)->on)
		return;
	if (!u->registering && now_ms >= u->next_register_ms)
		send_register(s, NULL);
	if (u->registered && !u->keepalive_out && now_ms >= u->next_keepalive_ms) {
		u->next_keepalive_ms = now_ms + upper(s)->keepalive_s * 1000LL;
		send_keepalive(s);
	}
	for (int i = 0; i < u->nautos; i++) {
		const struct alarm *a = book_find(s->c->book, u->autos[i]);
		if (a)
			gb_upper_forward(s, a, "its plan (auto_forward)");
	}
	u->nautos = 0;
	for (int i = 0; i < GB_FORWARDS; i++) {
		struct uplink_forward *f = &u->fwd[i];
		if (!f->used || now_ms < f->next_ms)
			continue;
		if (f->tries < TRIES) {
			center_log(
			    "gb28181 cascade: no receipt for alarm %s (SN %lu): sent again (%d)",
			    f->alarm_id, f->sn, f->tries + 1);
			send_forward(s, f);
			continue;
		}
		f->used = false;
		snprintf(text, sizeof text, "no receipt after %d tries", f->tries);
		center_log("gb28181 cascade: alarm %s: %s from %s", f->alarm_id, text,
			   upper(s)->name);
		on_alarm(s, f->alarm_id, "uplink_failed", text, -1, -1);
	}
}
