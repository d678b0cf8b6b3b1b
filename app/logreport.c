/* logreport.c — the period report: alarms by class and channel, the time to
 * claim against its limit (p50, p90, max, met/missed), per operator, and
 * the GA 1383 figures (app/core/figures.c) of the alarms as this console
 * last saw them: the alarm frames and updates it journaled, merged as the
 * console merges them. */
#include "logreport.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../net/proto.h"
#include "core/alarm.h"
#include "core/book.h"
#include "core/figures.h"
#include "core/text.h"

#define REPORT_BOOK_CAP 2000000 /* alarms followed at once */

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
	struct book *book;   /* each alarm in its latest state */
	struct work_order *orders; /* each work order in its latest state */
	size_t norders, caporders;
	struct fig_acc *fig; /* the closed ones are counted as they close */
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

static void on_alarm(struct rep *r, const char *frame, bool snapshot)
{
	struct proto_msg m;
	char err[200];

	if (proto_decode(frame, strlen(frame), &m, err, sizeof err) || m.type != PROTO_ALARM)
		return;
	if (!snapshot || book_find(r->book, m.alarm.id) == NULL) {
		r->by[m.alarm.cls][m.alarm.channel]++;
		r->seen = grow(r->seen, &r->capseen, r->nseen, sizeof *r->seen);
		snprintf(r->seen[r->nseen].id, sizeof r->seen[0].id, "%s", m.alarm.id);
		r->seen[r->nseen++].received = m.alarm.received_ms;
	}
	book_add(r->book, &m.alarm); /* beyond the cap it is not followed */
	proto_msg_release(&m);
}

/* An update: the alarm's new state; one that closes is counted now. */
static void on_update(struct rep *r, const char *frame)
{
	struct proto_msg m;
	const struct alarm *cur;
	struct alarm n;
	struct alarm_entry tl[ALARM_MAX_TIMELINE];
	char err[200];

	if (proto_decode(frame, strlen(frame), &m, err, sizeof err) || m.type != PROTO_UPDATE)
		return;
	if ((cur = book_find(r->book, m.u.update.alarm_id)) != NULL) {
		alarm_apply_update(cur, &m.u.update, &n, tl);
		/* The outcome codes that mean "false" are the center's plans,
		 * not in the journal: false forwards are not told apart here. */
		if (n.state == ALARM_ST_CLOSED && r->fig)
			fig_add(r->fig, &n, false);
		book_add(r->book, &n);
	}
	proto_msg_release(&m);
}

/* An order message: that order's latest state. */
static void on_order(struct rep *r, const char *frame)
{
	struct proto_msg m;
	struct work_order o;
	char err[200];
	size_t i;

	if (proto_decode(frame, strlen(frame), &m, err, sizeof err))
		return;
	if (proto_order_get(&m, &o, err, sizeof err) == 0) {
		for (i = 0; i < r->norders && strcmp(r->orders[i].id, o.id) != 0; i++)
			;
		if (i == r->norders &&
		    (r->orders = grow(r->orders, &r->caporders, r->norders, sizeof o)) != NULL)
			r->norders++;
		if (r->orders)
			r->orders[i] = o;
		else
			r->norders = 0;
	}
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

/* The GA 1383 figures: review results and false alarms, incidents and
 * their forwards (missed 0, false ≤ 1 % of forwards), each clock. */
static void print_figures(const struct figures *f, FILE *out)
{
	unsigned fa = fig_permille(f->false_alarms, f->reviewed);

	fprintf(out, "\nReview results: %u, false alarms %u (%u.%u %%); incidents %u\n", f->reviewed,
		f->false_alarms, fa / 10, fa % 10, f->incidents);
	fprintf(out, "Forwards: %u confirmed, missed %u (GA 1383: 0)%s\n", f->forwarded,
		f->missed_forwards, f->missed_forwards ? "  << NOT MET" : "");
	fprintf(out, "Clocks:   %-8s %6s %6s %6s %9s %9s\n", "", "ran", "met", "missed", "p50", "p90");
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		const struct fig_step *st = &f->step[c];
		if (st->n == 0)
			continue;
		fprintf(out, "          %-8s %6u %6u %6u %8.1fs %8.1fs\n", flow_clock_names[c], st->n,
			st->met, st->missed, st->p50_ms / 1000.0, st->p90_ms / 1000.0);
	}
	fprintf(out, "Work orders: %u opened; repaired in time %u, late or overdue %u (000 7.10: 100 %%)%s;"
		     " open: extra urgent %u, urgent %u, normal %u\n",
		f->orders, f->orders_met, f->orders_missed, f->orders_missed ? "  << NOT MET" : "",
		f->orders_open[ORDER_EXTRA_URGENT], f->orders_open[ORDER_URGENT],
		f->orders_open[ORDER_NORMAL]);
	fprintf(out, "Faults:");
	for (int k = 0; k < FIG_FAULT_COUNT; k++)
		fprintf(out, " %s %u", fig_fault_names[k], f->faults[k]);
	fprintf(out, "\n");
}

static void print_figures_csv(const struct figures *f, FILE *out)
{
	fprintf(out, "figures,reviewed,,%u\r\nfigures,false_alarms,,%u\r\nfigures,incidents,,%u\r\n"
		     "figures,forwarded,,%u\r\nfigures,missed_forwards,,%u\r\n",
		f->reviewed, f->false_alarms, f->incidents, f->forwarded, f->missed_forwards);
	for (int c = 0; c < FLOW_CLK_COUNT; c++)
		if (f->step[c].n)
			fprintf(out, "clock,%s,ran,%u\r\nclock,%s,met,%u\r\nclock,%s,missed,%u\r\n"
				     "clock,%s,p50_ms,%lld\r\nclock,%s,p90_ms,%lld\r\n",
				flow_clock_names[c], f->step[c].n, flow_clock_names[c], f->step[c].met,
				flow_clock_names[c], f->step[c].missed, flow_clock_names[c],
				(long long)f->step[c].p50_ms, flow_clock_names[c],
				(long long)f->step[c].p90_ms);
	fprintf(out, "orders,opened,,%u\r\norders,met,,%u\r\norders,missed,,%u\r\n", f->orders,
		f->orders_met, f->orders_missed);
	for (int k = 0; k < ORDER_URGENCY_COUNT; k++)
		fprintf(out, "orders,open,%s,%u\r\n", order_urgency_names[k], f->orders_open[k]);
	for (int k = 0; k < FIG_FAULT_COUNT; k++)
		fprintf(out, "faults,%s,,%u\r\n", fig_fault_names[k], f->faults[k]);
}

static void print(struct rep *r, const struct figures *f, int64_t since, int64_t until, bool csv,
		  FILE *out)
{
	long total = 0, met = 0;
	char a[32] = "start", b[32] = "now", name[64];

	for (int c = 0; c < ALARM_CLASS_COUNT; c++)
		for (int ch = 0; ch < ALARM_CHANNEL_COUNT; ch++)
			total += r->by[c][ch];
	if (r->nclaims) /* qsort takes no NULL, even for none */
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
		print_figures_csv(f, out);
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
	print_figures(f, out);
	fprintf(out, "\nPer operator:\n");
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

	struct figures f;
	struct timespec ts;
	int64_t now;

	clock_gettime(CLOCK_REALTIME, &ts);
	now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	memset(&r, 0, sizeof r);
	r.book = book_new(REPORT_BOOK_CAP);
	/* The figures of alarms received in the period, as seen at its end. */
	r.fig = fig_begin(since, until < now ? until : now, until < now ? until : now);
	if (r.book == NULL || r.fig == NULL) {
		fprintf(stderr, "alarmdesk log: out of memory, or an empty period\n");
		book_free(r.book);
		return 2;
	}
	if (sqlite3_prepare_v2(db, "SELECT action, alarm_id, detail, outcome, operator, wall_ms"
				   " FROM journal WHERE wall_ms >= ? AND wall_ms < ?"
				   " AND (action IN ('rx.alarm', 'rx.snapshot', 'rx.update', 'op.ack',"
				   " 'rx.order')"
				   " OR action LIKE 'op.%')"
				   " ORDER BY seq",
			       -1, &s, NULL)) {
		fprintf(stderr, "alarmdesk log: not an alarmdesk journal: %s\n", sqlite3_errmsg(db));
		book_free(r.book);
		fig_end(r.fig, &f);
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
		if (strcmp(action, "rx.alarm") == 0 || strcmp(action, "rx.snapshot") == 0)
			on_alarm(&r, detail, action[3] == 's');
		else if (strcmp(action, "rx.update") == 0)
			on_update(&r, detail);
		else if (strcmp(action, "rx.order") == 0)
			on_order(&r, detail);
		else if (strcmp(action, "op.ack") == 0)
			on_ack(&r, detail, outcome, sqlite3_column_int64(s, 5));
		else
			on_op(&r, action, alarm, detail, op);
	}
	sqlite3_finalize(s);
	/* The alarms still open at the end, as they stood. */
	for (size_t i = 0; book_at(r.book, i); i++)
		fig_add(r.fig, book_at(r.book, i), false);
	for (size_t i = 0; i < r.norders; i++)
		fig_add_order(r.fig, &r.orders[i]);
	free(r.orders);
	fig_end(r.fig, &f);
	book_free(r.book);
	print(&r, &f, since, until, csv, out);
	free(r.seen);
	free(r.pend);
	free(r.claims);
	return 0;
}
