/* figures_view.c — the supervisor's figures for a chosen period, as the
 * center computed them: alarms per class and channel, the alarm rate as a
 * sparkline, each step's response times (p50/p90, met/missed), and the
 * GA 1383 quality figures against their limits. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../app/i18n.h"
#include "ui-int.h"

static void stamp(char *buf, size_t len, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, len, "%m-%d %H:%M", &tm);
}

/* Eight levels of block, scaled to the busiest bucket. */
static void sparkline(const struct figures *f, char *buf, size_t len, uint32_t *max)
{
	static const char *const bars[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	size_t off = 0;

	*max = 0;
	for (int i = 0; i < FIG_BUCKETS; i++)
		if (f->rate[i] > *max)
			*max = f->rate[i];
	for (int i = 0; i < FIG_BUCKETS && off + 4 < len; i++) {
		unsigned lv = *max ? (unsigned)((f->rate[i] * 8 + *max - 1) / *max) : 0;
		off += (size_t)snprintf(buf + off, len - off, "%s", bars[lv]);
	}
}

static int counts(int y, int x, int w, const char *title, const char *(*label)(int),
		  const uint32_t *v, int n)
{
	char buf[600];
	size_t off = (size_t)snprintf(buf, sizeof buf, "%s:", title);

	for (int i = 0; i < n && off < sizeof buf; i++)
		if (v[i])
			off += (size_t)snprintf(buf + off, sizeof buf - off, "  %s %u", label(i), v[i]);
	ui_put(y, x, buf, w, A_NORMAL);
	return y + 1;
}

static const char *class_label(int i)
{
	return ui_class_label((enum alarm_class)i);
}

static const char *channel_label(int i)
{
	return ui_channel_label((enum alarm_channel)i);
}

/* Work orders (000 7.10: the repair rate within each order's limit, 100 %
 * asked) and fault alarms by kind (001 故障统计). */
static void draw_orders(struct ui *u, const struct figures *f, int line, int x, int w)
{
	uint32_t done = f->orders_met + f->orders_missed;
	char age[16];

	ui_span(age, sizeof age, f->oldest_open_ms);
	ui_putf(line++, x, w, f->orders_missed ? ui_clock_attr(u, FLOW_CLOCK_MISSED) : A_NORMAL,
		_("Work orders: %u; repaired in time %u / %u (%.1f %%), 100 %% asked; open: extra urgent %u, urgent %u, normal %u, the oldest %s"),
		f->orders, f->orders_met, done, done ? fig_permille(f->orders_met, done) / 10.0 : 100.0,
		f->orders_open[ORDER_EXTRA_URGENT], f->orders_open[ORDER_URGENT],
		f->orders_open[ORDER_NORMAL], f->oldest_open_ms ? age : "-");
	ui_putf(line, x, w, A_NORMAL,
		_("Faults: offline %u · failed periodic reports %u · low battery %u · power %u · tamper %u · other %u · arm/disarm reports %u"),
		f->faults[FIG_FAULT_OFFLINE], f->faults[FIG_FAULT_REPORT], f->faults[FIG_FAULT_BATTERY],
		f->faults[FIG_FAULT_POWER], f->faults[FIG_FAULT_TAMPER], f->faults[FIG_FAULT_OTHER],
		f->faults[FIG_FAULT_ARM]);
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	const struct figures *f = u->v->figures;
	char a[32], b[32], buf[400], span[16];
	uint32_t max;
	int line = y + 2;
	bool bad;

	for (int i = 0; i < h; i++)
		ui_put(y + i, x, "", w, A_NORMAL);
	ui_put(y + h - 1, x,
	       _("1 last hour · 2 8 hours · 3 24 hours · 4 7 days · [ ] earlier / later · Esc the queue"),
	       w, A_DIM);
	if (!u->v->figures) {
		ui_put(y, x, _("Figures: asking the center…"), w, A_BOLD);
		return;
	}
	stamp(a, sizeof a, f->from_ms);
	stamp(b, sizeof b, f->to_ms);
	ui_putf(y, x, w, A_BOLD, "%s %s – %s   %s %u", _("Figures"), a, b, _("alarms"), f->alarms);
	line = counts(line, x, w, _("By class"), class_label, f->by_class, ALARM_CLASS_COUNT);
	line = counts(line, x, w, _("By channel"), channel_label, f->by_channel, ALARM_CHANNEL_COUNT);
	sparkline(f, buf, sizeof buf, &max);
	ui_age(span, sizeof span, (f->to_ms - f->from_ms) / FIG_BUCKETS);
	ui_putf(line++, x, w, A_NORMAL, "%s: │%s│ %s %u / %s", _("Rate"), buf, _("peak"), max, span);
	line++;
	ui_cell(line, x, _("Step"), 14, A_UNDERLINE);
	ui_cell(line, x + 14, _("Clocks"), 8, A_UNDERLINE);
	ui_cell(line, x + 22, _("Met"), 8, A_UNDERLINE);
	ui_cell(line, x + 30, _("Missed"), 8, A_UNDERLINE);
	ui_cell(line, x + 38, "p50", 9, A_UNDERLINE);
	ui_put(line++, x + 47, "p90", 9, A_UNDERLINE);
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		const struct fig_step *s = &f->step[c];
		ui_cell(line, x, ui_clock_label((enum flow_clock)c), 14, A_NORMAL);
		ui_putf(line, x + 14, 8, A_NORMAL, "%u", s->n);
		ui_putf(line, x + 22, 8, A_NORMAL, "%u", s->met);
		ui_putf(line, x + 30, 8, s->missed ? ui_clock_attr(u, FLOW_CLOCK_MISSED) | A_BOLD : A_NORMAL,
			"%u", s->missed);
		ui_age(a, sizeof a, s->p50_ms);
		ui_age(b, sizeof b, s->p90_ms);
		ui_putf(line, x + 38, 9, A_NORMAL, "%s", s->n ? a : "-");
		ui_putf(line++, x + 47, 9, A_NORMAL, "%s", s->n ? b : "-");
	}
	line++;
	bad = fig_permille(f->false_forwards, f->forwarded) > 10;
	ui_putf(line++, x, w, bad ? ui_clock_attr(u, FLOW_CLOCK_OVERDUE) : A_NORMAL,
		"%s: %u / %u %s (%.1f %%)  %s 1 %%", _("False forwards"), f->false_forwards,
		f->forwarded, _("forwards"), fig_permille(f->false_forwards, f->forwarded) / 10.0,
		_("limit"));
	ui_putf(line++, x, w, f->missed_forwards ? ui_clock_attr(u, FLOW_CLOCK_OVERDUE) : A_NORMAL,
		"%s: %u / %u %s  %s 0", _("Missed forwards"), f->missed_forwards, f->incidents,
		_("incidents"), _("limit"));
	ui_putf(line++, x, w, A_NORMAL, "%s: %u / %u %s (%.1f %%)", _("False alarms"),
		f->false_alarms, f->reviewed, _("review results"),
		fig_permille(f->false_alarms, f->reviewed) / 10.0);
	draw_orders(u, f, line + 1, x, w);
}

const struct ui_view ui_figures_view = {.name = "figures", .draw = draw};
