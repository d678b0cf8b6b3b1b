/* alarm.c — names of the enums on the wire, the CID → class mapping and the
 * single-allocation packing of an alarm. */
#include "alarm.h"

#include "strpool.h"

#include <stdlib.h>
#include <string.h>

const char *const alarm_class_names[ALARM_CLASS_COUNT] = {
	"panic", "fire", "intrusion", "medical", "tamper", "fault", "offline", "other",
};
const char *const alarm_channel_names[ALARM_CHANNEL_COUNT] = {
	"ip", "pstn", "wireless", "sip", "video", "phone", "dc09-tcp", "dc09-udp",
};
const char *const alarm_state_names[ALARM_ST_COUNT] = {
	"new",      "claimed",    "reviewing",  "inconclusive", "incident", "false_alarm", "forwarding",
	"forwarded", "dispatched", "departed", "on_scene",     "work_order", "closed",
};
const char *const flow_method_names[FLOW_METHOD_COUNT] = {
	"none", "video", "audio", "image", "phone", "field",
};
const char *const flow_clock_names[FLOW_CLK_COUNT] = {
	"review", "forward", "police", "depart", "arrive", "linkage", "uplink", "receipt",
};
const char *const plan_by_names[PLAN_BY_COUNT] = {
	"hand", "review", "call", "forward", "dispatch", "report", "notify", "order", "close",
};

bool plan_by_real_only(enum plan_by b)
{
	return b == PLAN_BY_FORWARD || b == PLAN_BY_DISPATCH || b == PLAN_BY_REPORT ||
	       b == PLAN_BY_NOTIFY;
}

static int find_name(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *alarm_class_name(enum alarm_class c)
{
	return (unsigned)c < ALARM_CLASS_COUNT ? alarm_class_names[c] : "other";
}

int alarm_class_parse(const char *s, enum alarm_class *out)
{
	int i = find_name(alarm_class_names, ALARM_CLASS_COUNT, s);
	if (i < 0)
		return -1;
	*out = (enum alarm_class)i;
	return 0;
}

const char *alarm_channel_name(enum alarm_channel c)
{
	return (unsigned)c < ALARM_CHANNEL_COUNT ? alarm_channel_names[c] : "ip";
}

int alarm_channel_parse(const char *s, enum alarm_channel *out)
{
	int i = find_name(alarm_channel_names, ALARM_CHANNEL_COUNT, s);
	if (i < 0)
		return -1;
	*out = (enum alarm_channel)i;
	return 0;
}

const char *alarm_state_name(enum alarm_state s)
{
	return (unsigned)s < ALARM_ST_COUNT ? alarm_state_names[s] : "new";
}

int alarm_state_parse(const char *s, enum alarm_state *out)
{
	int i = find_name(alarm_state_names, ALARM_ST_COUNT, s);
	if (i < 0)
		return -1;
	*out = (enum alarm_state)i;
	return 0;
}

enum alarm_class alarm_class_of_cid(const char *code)
{
	int n = 0;

	for (int i = 0; i < 3; i++) {
		if (code[i] < '0' || code[i] > '9')
			return ALARM_CLASS_OTHER;
		n = n * 10 + (code[i] - '0');
	}
	if (code[3] != '\0')
		return ALARM_CLASS_OTHER;
	/* Tamper codes sit inside several ranges; check them first. */
	if (n == 137 || n == 144 || n == 145 || n == 383 || n == 341)
		return ALARM_CLASS_TAMPER;
	if (n >= 100 && n <= 109)
		return ALARM_CLASS_MEDICAL;
	if (n >= 110 && n <= 119)
		return ALARM_CLASS_FIRE;
	if (n >= 120 && n <= 129)
		return ALARM_CLASS_PANIC;
	if (n >= 130 && n <= 139)
		return ALARM_CLASS_INTRUSION;
	if (n == 350 || n == 354 || (n >= 355 && n <= 356))
		return ALARM_CLASS_OFFLINE;
	if (n >= 300 && n <= 399)
		return ALARM_CLASS_FAULT;
	return ALARM_CLASS_OTHER;
}

const struct alarm_entry *alarm_last_entry(const struct alarm *a, const char *action, int arg)
{
	for (int k = a->ntimeline - 1; k >= 0; k--)
		if (a->timeline[k].arg == arg && strcmp(a->timeline[k].action, action) == 0)
			return &a->timeline[k];
	return NULL;
}

bool alarm_is_fault(enum alarm_class c)
{
	return c == ALARM_CLASS_FAULT || c == ALARM_CLASS_OFFLINE || c == ALARM_CLASS_TAMPER;
}

int alarm_default_priority(enum alarm_class c)
{
	switch (c) {
	case ALARM_CLASS_PANIC:
	case ALARM_CLASS_FIRE:
		return 1;
	case ALARM_CLASS_INTRUSION:
	case ALARM_CLASS_MEDICAL:
		return 2;
	case ALARM_CLASS_TAMPER:
	case ALARM_CLASS_OFFLINE:
		return 3;
	default:
		return 4;
	}
}

/* The most urgent priority escalation may give a class. */
static int escalation_ceiling(enum alarm_class c)
{
	switch (c) {
	case ALARM_CLASS_PANIC:
	case ALARM_CLASS_FIRE:
	case ALARM_CLASS_INTRUSION:
	case ALARM_CLASS_MEDICAL:
		return 1;
	case ALARM_CLASS_TAMPER:
		return 2;
	default: /* faults, offline, other: below every real alarm class */
		return 3;
	}
}

int alarm_escalated_priority(const struct alarm *x, int target)
{
	int p = target < escalation_ceiling(x->cls) ? escalation_ceiling(x->cls) : target;

	return p < x->priority ? p : x->priority;
}

/* The string fields of struct alarm, in one list, so packing and blanking
 * cannot miss one: those of the alarm alone, and those it shares with the
 * other alarms of its site (or its operator) in a book's pool. */
#define ALARM_OWN_STRINGS(a) &(a)->id, &(a)->linked, &(a)->origin
#define ALARM_SHARED_STRINGS(a)                                               \
	&(a)->event_code, &(a)->cust_id, &(a)->cust_name, &(a)->cust_type,   \
		&(a)->police, &(a)->addr_community, &(a)->addr_building,     \
		&(a)->addr_unit, &(a)->addr_floor, &(a)->addr_room,          \
		&(a)->addr_code, &(a)->addr_text, &(a)->zone_name,           \
		&(a)->zone_detector, &(a)->pos_map, &(a)->pos_level,         \
		&(a)->pos_marker, &(a)->plan_id, &(a)->claimed_by,           \
		&(a)->receiver, &(a)->unit, &(a)->sources

const struct alarm_rules alarm_no_rules;

/* Writable copies of what an alarm points to besides its strings: its
 * contacts, cameras and rules, whose string fields packing points elsewhere. */
struct arrays {
	struct alarm_contact contacts[ALARM_MAX_CONTACTS];
	struct alarm_camera cameras[ALARM_MAX_CAMERAS];
	struct alarm_rules rules;
};

/* Copies them into r (the arrays at most their caps) and points a at r. */
static void arrays_copy(struct alarm *a, struct arrays *r)
{
	memcpy(&r->rules, a->rules ? a->rules : &alarm_no_rules, sizeof r->rules);
	if (r->rules.nrecipients < 0 || r->rules.nrecipients > ALARM_MAX_RECIPIENTS)
		r->rules.nrecipients = 0;
	a->rules = &r->rules;
	a->ncontacts = a->contacts == NULL || a->ncontacts < 0 ? 0
		       : a->ncontacts > ALARM_MAX_CONTACTS ? ALARM_MAX_CONTACTS
							   : a->ncontacts;
	a->ncameras = a->cameras == NULL || a->ncameras < 0 ? 0
		      : a->ncameras > ALARM_MAX_CAMERAS ? ALARM_MAX_CAMERAS
							: a->ncameras;
	if (a->ncontacts)
		memcpy(r->contacts, a->contacts, (size_t)a->ncontacts * sizeof *r->contacts);
	if (a->ncameras)
		memcpy(r->cameras, a->cameras, (size_t)a->ncameras * sizeof *r->cameras);
	a->contacts = r->contacts;
	a->cameras = r->cameras;
}

/* The alarm's own strings (with its timeline's) into own, the shared ones
 * (with those of its contacts and cameras, copied in r) into shared (NULL:
 * into own too); the numbers in *nown and the result. */
static size_t collect(struct alarm *a, struct arrays *r, const char ***own, const char ***shared,
		      size_t *nown)
{
	const char **mine[] = {ALARM_OWN_STRINGS(a)}, **site[] = {ALARM_SHARED_STRINGS(a)};
	const char ***to = shared ? shared : own;
	size_t n = 0, m = 0;

	for (size_t i = 0; i < sizeof mine / sizeof mine[0]; i++)
		own[n++] = mine[i];
	for (int i = 0; i < a->ntimeline; i++) {
		own[n++] = &a->timeline[i].action;
		own[n++] = &a->timeline[i].by;
		own[n++] = &a->timeline[i].text;
	}
	if (shared == NULL)
		m = n;
	for (size_t i = 0; i < sizeof site / sizeof site[0]; i++)
		to[m++] = site[i];
	for (int i = 0; i < a->ncontacts; i++) {
		to[m++] = &r->contacts[i].name;
		to[m++] = &r->contacts[i].phone;
		to[m++] = &r->contacts[i].role;
	}
	for (int i = 0; i < a->ncameras; i++) {
		to[m++] = &r->cameras[i].name;
		to[m++] = &r->cameras[i].channel;
	}
	for (int i = 0; i < r->rules.nrecipients; i++)
		to[m++] = &r->rules.recipients[i];
	*nown = shared ? n : m;
	return shared ? m : 0;
}

#define ALARM_MAX_STRINGS                                                                  \
	(25 + 3 * ALARM_MAX_CONTACTS + 2 * ALARM_MAX_CAMERAS + ALARM_MAX_RECIPIENTS + \
	 3 * ALARM_MAX_TIMELINE)

void alarm_blank(struct alarm *a)
{
	const char **fields[ALARM_MAX_STRINGS];
	struct arrays r;
	size_t n;

	memset(a, 0, sizeof *a);
	arrays_copy(a, &r); /* none, and no recipients */
	collect(a, &r, fields, NULL, &n);
	for (size_t i = 0; i < n; i++)
		*fields[i] = "";
	a->contacts = NULL;
	a->cameras = NULL;
	a->rules = &alarm_no_rules;
}

/* The pool's shared copy of an array (its strings already the pool's). */
static const void *pooled(struct strpool *pool, const void *v, size_t len, bool *nomem)
{
	const void *c = len ? strpool_get_bytes(pool, v, len) : NULL;

	*nomem |= len && c == NULL;
	return c;
}

struct alarm *alarm_pack_in(const struct alarm *a, const char *claimed_by, struct strpool *pool)
{
	struct alarm tmp = *a, *out;
	struct arrays src_r, dst_r;
	const char **src[ALARM_MAX_STRINGS], **dst[ALARM_MAX_STRINGS];
	const char **src_shared[ALARM_MAX_STRINGS], **dst_shared[ALARM_MAX_STRINGS];
	size_t n, nshared, total = sizeof *out, kc, kk, kr = sizeof(struct alarm_rules);
	bool nomem = false;
	char *p;

	if (claimed_by != NULL)
		tmp.claimed_by = claimed_by;
	if (tmp.ntimeline < 0 || tmp.ntimeline > ALARM_MAX_TIMELINE || tmp.timeline == NULL)
		tmp.ntimeline = 0;
	arrays_copy(&tmp, &src_r);
	kc = (size_t)tmp.ncontacts * sizeof *tmp.contacts;
	kk = (size_t)tmp.ncameras * sizeof *tmp.cameras;
	nshared = collect(&tmp, &src_r, src, pool ? src_shared : NULL, &n);
	total += (size_t)tmp.ntimeline * sizeof *tmp.timeline;
	if (pool == NULL)
		total += kr + kc + kk; /* the rules and arrays in the block too */
	for (size_t i = 0; i < n; i++)
		total += *src[i] && **src[i] ? strlen(*src[i]) + 1 : 0; /* "" is not copied */
	out = malloc(total);
	if (out == NULL)
		return NULL;
	*out = tmp;
	/* The timeline right after the struct (aligned as it is), the arrays
	 * when they are not shared, then the strings. */
	p = (char *)(out + 1);
	out->timeline = tmp.ntimeline ? (struct alarm_entry *)(void *)p : NULL;
	if (tmp.ntimeline)
		memcpy(out->timeline, tmp.timeline, (size_t)tmp.ntimeline * sizeof *tmp.timeline);
	p += (size_t)tmp.ntimeline * sizeof *tmp.timeline;
	dst_r = src_r;
	out->contacts = dst_r.contacts;
	out->cameras = dst_r.cameras;
	out->rules = &dst_r.rules;
	collect(out, &dst_r, dst, pool ? dst_shared : NULL, &n);
	if (pool == NULL)
		p += kr + kc + kk; /* their place, filled once their strings are copied */
	for (size_t i = 0; i < n; i++) {
		const char *s = *src[i] ? *src[i] : "";
		size_t len = strlen(s) + 1;
		if (len == 1) {
			*dst[i] = "";
			continue;
		}
		memcpy(p, s, len);
		*dst[i] = p;
		p += len;
	}
	for (size_t i = 0; i < nshared; i++) {
		const char *s = strpool_get(pool, *src_shared[i]);
		if (s == NULL) { /* out of memory: what was taken goes back */
			for (size_t k = 0; k < i; k++)
				strpool_put(pool, *dst_shared[k]);
			free(out);
			return NULL;
		}
		*dst_shared[i] = s;
	}
	if (pool == NULL) {
		char *at = (char *)(out + 1) + (size_t)tmp.ntimeline * sizeof *tmp.timeline;
		memcpy(at, &dst_r.rules, kr);
		memcpy(at + kr, dst_r.contacts, kc);
		memcpy(at + kr + kc, dst_r.cameras, kk);
		out->rules = (const struct alarm_rules *)(void *)at;
		out->contacts = kc ? (const struct alarm_contact *)(void *)(at + kr) : NULL;
		out->cameras = kk ? (const struct alarm_camera *)(void *)(at + kr + kc) : NULL;
		return out;
	}
	out->rules = pooled(pool, &dst_r.rules, kr, &nomem);
	out->contacts = pooled(pool, dst_r.contacts, kc, &nomem);
	out->cameras = pooled(pool, dst_r.cameras, kk, &nomem);
	if (nomem) {
		strpool_put(pool, out->rules);
		strpool_put(pool, out->contacts);
		strpool_put(pool, out->cameras);
		for (size_t k = 0; k < nshared; k++)
			strpool_put(pool, *dst_shared[k]);
		free(out);
		return NULL;
	}
	return out;
}

struct alarm *alarm_pack(const struct alarm *a, const char *claimed_by)
{
	return alarm_pack_in(a, claimed_by, NULL);
}

void alarm_release_in(struct alarm *a, struct strpool *pool)
{
	const char **own[ALARM_MAX_STRINGS], **shared[ALARM_MAX_STRINGS];
	struct alarm tmp;
	struct arrays r;
	size_t n, nshared;

	if (a == NULL)
		return;
	tmp = *a;
	arrays_copy(&tmp, &r);
	nshared = collect(&tmp, &r, own, shared, &n);
	for (size_t i = 0; i < nshared; i++)
		strpool_put(pool, *shared[i]);
	strpool_put(pool, a->rules);
	strpool_put(pool, a->contacts);
	strpool_put(pool, a->cameras);
	free(a);
}

bool alarm_same_handling(const struct alarm *x, const struct alarm *y)
{
	return x->state == y->state && x->priority == y->priority &&
	       strcmp(x->claimed_by, y->claimed_by) == 0 && strcmp(x->receiver, y->receiver) == 0 &&
	       strcmp(x->unit, y->unit) == 0 &&
	       strcmp(x->sources ? x->sources : "", y->sources ? y->sources : "") == 0 &&
	       memcmp(&x->flow, &y->flow, sizeof x->flow) == 0;
}

void alarm_log(struct alarm *a, const struct alarm_entry *e, struct alarm_entry *buf)
{
	int keep = a->ntimeline < ALARM_MAX_TIMELINE ? a->ntimeline : ALARM_MAX_TIMELINE - 1;

	if (e->action == NULL || e->action[0] == '\0' || strcmp(e->action, "tick") == 0)
		return;
	if (keep > 0)
		memmove(buf, a->timeline + (a->ntimeline - keep), (size_t)keep * sizeof *buf);
	buf[keep] = *e;
	if (buf[keep].by == NULL)
		buf[keep].by = "";
	if (buf[keep].text == NULL)
		buf[keep].text = "";
	a->timeline = buf;
	a->ntimeline = keep + 1;
}

void alarm_apply_update(const struct alarm *cur, const struct alarm_update *u, struct alarm *out,
			struct alarm_entry *buf)
{
	*out = *cur;
	alarm_log(out, &(struct alarm_entry){u->at_ms, u->action, u->by, u->text, u->arg}, buf);
	out->state = u->state;
	out->claimed_by = u->holder;
	out->receiver = u->receiver;
	out->unit = u->unit ? u->unit : "";
	out->state_ms = u->at_ms;
	if (u->sources)
		out->sources = u->sources;
	if (u->priority)
		out->priority = u->priority;
	if (!u->has_flow)
		return;
	out->flow = u->flow;
	for (int k = 0; k < FLOW_CLK_COUNT; k++)
		if (cur->flow.clk[k].start_ms == out->flow.clk[k].start_ms)
			out->flow.clk[k].escalated |= cur->flow.clk[k].escalated;
}
