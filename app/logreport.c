/* logreport.c — the period report: alarms by class and channel, the time to
 * claim against its limit (p50, p90, max, met/missed), and per operator.
 * False-alarm rate and forwards need the workflow's dispositions and are
 * reported as not yet available rather than as zeros. */
#include "logreport.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../net/proto.h"
#include "core/alarm.h"
#include "core/text.h"

#define MAX_OPS 64

struct seen {
	char id[64];
	int64_t received; /* 0 once claimed */
};

struct pend {
	char op_id[64], alarm[64], op[64];
};

struct oper {
	char name[64];
	long claims, ops;
	int64_t claim_ms;
};

struct rep {
	long by[ALARM_CLASS_COUNT][ALARM_CHANNEL_COUNT];
	struct seen *seen;
	size_t nseen, capseen;
	struct pend *pend;
	size_t npend, cappend;
	struct oper ops[MAX_OPS];
	int nops;
	int64_t *claims;
	size_t nclaims, capclaims;
};

static void *grow(void *v, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 256;
	v = realloc(v, *cap * sz);
	if (v == NULL)
		abort();
	return v;
}

static struct seen *find_seen(struct rep *r, const char *id)
{
	/* Newest first: a claim follows its alarm closely. */
	for (size_t i = r->nseen; i > 0; i--)
		if (strcmp(r->seen[i - 1].id, id) == 0)
			return &r->seen[i - 1];
	return NULL;
}

static struct oper *oper(struct rep *r, const char *name)
{
	for (int i = 0; i < r->nops; i++)
		if (strcmp(r->ops[i].name, name) == 0)
			return &r->ops[i];
	if (r->nops == MAX_OPS)
		return &r->ops[MAX_OPS - 1];
	snprintf(r->ops[r->nops].name, sizeof r->ops[0].name, "%s", name);
	return &r->ops[r->nops++];
}

static void on_alarm(struct rep *r, const char *frame)
{
	struct proto_msg m;
	char err[200];

	if (proto_decode(frame, strlen(frame), &m, err, sizeof err) || m.type != PROTO_ALARM)
		return;
	r->by[m.alarm.cls][m.alarm.channel]++;
	r->seen = grow(r->seen, &r->capseen, r->nseen, sizeof *r->seen);
	snprintf(r->seen[r->nseen].id, sizeof r->seen[0].id, "%s", m.alarm.id);
	r->seen[r->nseen++].received = m.alarm.received_ms;
	proto_msg_release(&m);
}

static void on_op(struct rep *r, const char *action, const char *alarm, const char *detail,
		  const char *operator_)
{
	const char *id = strstr(detail, "op_id=");

	oper(r, operator_)->ops++;
	if (strcmp(action, "op.claim") != 0 || id == NULL)
		return;
	r->pend = grow(r->pend, &r->cappend, r->npend, sizeof *r->pend);
	sscanf(id, "op_id=%63s", r->pend[r->npend].op_id);
	snprintf(r->pend[r->npend].alarm, sizeof r->pend[0].alarm, "%s", alarm);
	snprintf(r->pend[r->npend].op, sizeof r->pend[0].op, "%s", operator_);
	r->npend++;
}

static void on_ack(struct rep *r, const char *detail, const char *outcome, int64_t at)
{
	char op_id[64] = "";

	if (strcmp(outcome, "ok") != 0 || sscanf(detail, "op_id=%63s", op_id) != 1)
		return;
	for (size_t i = 0; i < r->npend; i++) {
		struct seen *s;
		if (strcmp(r->pend[i].op_id, op_id) != 0)
			continue;
		s = find_seen(r, r->pend[i].alarm);
		if (s && s->received) {
			struct oper *o = oper(r, r->pend[i].op);
			int64_t d = at - s->received;
			r->claims = grow(r->claims, &r->capclaims, r->nclaims, sizeof *r->claims);
			r->claims[r->nclaims++] = d < 0 ? 0 : d;
			o->claims++;
			o->claim_ms += d < 0 ? 0 : d;
			s->received = 0;
		}
		r->pend[i] = r->pend[--r->npend];
		return;
	}
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int64_t pct(const int64_t *v, size_t n, int p)
{
	return n ? v[(n - 1) * (size_t)p / 100] : 0;
}

static void print(struct rep *r, int64_t since, int64_t until, bool csv, FILE *out)
{
	long total = 0, met = 0;
	char a[32] = "start", b[32] = "now", name[64];

	for (int c = 0; c < ALARM_CLASS_COUNT; c++)
		for (int ch = 0; ch < ALARM_CHANNEL_COUNT; ch++)
			total += r->by[c][ch];
	qsort(r->claims, r->nclaims, sizeof *r->claims, cmp64);
	for (size_t i = 0; i < r->nclaims; i++)
		met += r->claims[i] <= LOGREPORT_CLAIM_LIMIT_MS;
	if (since > 0) {
		time_t t = (time_t)(since / 1000);
		struct tm tm;
		strftime(a, sizeof a, "%Y-%m-%d %H:%M", localtime_r(&t, &tm));
	}
	if (until < INT64_MAX) {
		time_t t = (time_t)(until / 1000);
		struct tm tm;
		strftime(b, sizeof b, "%Y-%m-%d %H:%M", localtime_r(&t, &tm));
	}
	if (csv) {
		fprintf(out, "section,key,channel,value\r\n");
		for (int c = 0; c < ALARM_CLASS_COUNT; c++)
			for (int ch = 0; ch < ALARM_CHANNEL_COUNT; ch++)
				if (r->by[c][ch])
					fprintf(out, "alarms,%s,%s,%ld\r\n", alarm_class_name(c),
						alarm_channel_name(ch), r->by[c][ch]);
		fprintf(out, "claim,count,,%zu\r\nclaim,p50_ms,,%lld\r\nclaim,p90_ms,,%lld\r\n"
			     "claim,max_ms,,%lld\r\nclaim,met,,%ld\r\nclaim,missed,,%ld\r\n",
			r->nclaims, (long long)pct(r->claims, r->nclaims, 50),
			(long long)pct(r->claims, r->nclaims, 90),
			(long long)pct(r->claims, r->nclaims, 100), met, (long)r->nclaims - met);
		for (int i = 0; i < r->nops; i++) {
			snprintf(name, sizeof name, "%s", r->ops[i].name);
			text_sanitize(name, strlen(name));
			fprintf(out, "operator,%s,claims,%ld\r\noperator,%s,ops,%ld\r\n", name,
				r->ops[i].claims, name, r->ops[i].ops);
		}
		return;
	}
	fprintf(out, "Journal report %s – %s\n\n", a, b);
	fprintf(out, "Alarms received: %ld\n", total);
	for (int c = 0; c < ALARM_CLASS_COUNT; c++) {
		long row = 0;
		for (int ch = 0; ch < ALARM_CHANNEL_COUNT; ch++)
			row += r->by[c][ch];
		if (row == 0)
			continue;
		fprintf(out, "  %-10s %6ld  (", alarm_class_name(c), row);
		for (int ch = 0, first = 1; ch < ALARM_CHANNEL_COUNT; ch++)
			if (r->by[c][ch]) {
				fprintf(out, "%s%s %ld", first ? "" : ", ", alarm_channel_name(ch),
					r->by[c][ch]);
				first = 0;
			}
		fprintf(out, ")\n");
	}
	fprintf(out, "\nTime to claim (limit %d s): %zu claims, p50 %.1f s, p90 %.1f s, max %.1f s;"
		     " met %ld, missed %ld\n",
		LOGREPORT_CLAIM_LIMIT_MS / 1000, r->nclaims, pct(r->claims, r->nclaims, 50) / 1000.0,
		pct(r->claims, r->nclaims, 90) / 1000.0, pct(r->claims, r->nclaims, 100) / 1000.0, met,
		(long)r->nclaims - met);
	fprintf(out, "False-alarm rate and forwards: not yet recorded (they come with the review "
		     "and forward workflow)\n\nPer operator:\n");
	for (int i = 0; i < r->nops; i++) {
		char cell[200];
		snprintf(name, sizeof name, "%s", r->ops[i].name);
		text_sanitize(name, strlen(name));
		text_fit(cell, sizeof cell, name, 16, true);
		fprintf(out, "  %s %5ld ops, %5ld claims, mean time to claim %.1f s\n", cell,
			r->ops[i].ops, r->ops[i].claims,
			r->ops[i].claims ? r->ops[i].claim_ms / 1000.0 / r->ops[i].claims : 0.0);
	}
}

int logreport_run(sqlite3 *db, int64_t since, int64_t until, bool csv, FILE *out)
{
	struct rep r;
	sqlite3_stmt *s;

	memset(&r, 0, sizeof r);
	if (sqlite3_prepare_v2(db, "SELECT action, alarm_id, detail, outcome, operator, wall_ms"
				   " FROM journal WHERE wall_ms >= ? AND wall_ms < ?"
				   " AND (action IN ('rx.alarm', 'op.ack') OR action LIKE 'op.%')"
				   " ORDER BY seq",
			       -1, &s, NULL)) {
		fprintf(stderr, "alarmdesk log: not an alarmdesk journal: %s\n", sqlite3_errmsg(db));
		return 2;
	}
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, until);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *action = (const char *)sqlite3_column_text(s, 0),
			   *alarm = (const char *)sqlite3_column_text(s, 1),
			   *detail = (const char *)sqlite3_column_text(s, 2),
			   *outcome = (const char *)sqlite3_column_text(s, 3),
			   *op = (const char *)sqlite3_column_text(s, 4);
		if (strcmp(action, "rx.alarm") == 0)
			on_alarm(&r, detail);
		else if (strcmp(action, "op.ack") == 0)
			on_ack(&r, detail, outcome, sqlite3_column_int64(s, 5));
		else
			on_op(&r, action, alarm, detail, op);
	}
	sqlite3_finalize(s);
	print(&r, since, until, csv, out);
	free(r.seen);
	free(r.pend);
	free(r.claims);
	return 0;
}
