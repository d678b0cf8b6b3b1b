/* draw.c — width-correct drawing helpers and the labels of the enums. All
 * text reaching curses goes through ui_put, which clips by display columns
 * (text_fit), so double-width characters never wrap or garble a row. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "../app/core/text.h"
#include "../app/i18n.h"
#include "ui-int.h"

#include "../app/core/flow.h"

void ui_put(int y, int x, const char *s, int cols, attr_t attr)
{
	char buf[1024];

	/* Never past the right edge: curses would wrap the rest onto the next
	 * row, and on the last row the terminal would scroll. */
	if (x + cols > COLS)
		cols = COLS - x;
	if (cols <= 0)
		return;
	if (cols > 300)
		cols = 300;
	text_fit(buf, sizeof buf, s, cols, true);
	attron(attr);
	mvaddstr(y, x, buf);
	attroff(attr);
}

bool ui_stale(const struct ui *u, const struct alarm *al)
{
	return al->center >= 0 && al->center < u->v->ncenters &&
	       u->v->centers[al->center].state != LINK_UP && u->v->mode != APP_MODE_REPLAY;
}

void ui_box(int y, int x, int h, int w)
{
	for (int i = 0; i < h; i++)
		ui_put(y + i, x, "", w, A_REVERSE);
	attron(A_REVERSE);
	mvadd_wch(y, x, WACS_ULCORNER);
	mvhline_set(y, x + 1, WACS_HLINE, w - 2);
	mvadd_wch(y, x + w - 1, WACS_URCORNER);
	mvvline_set(y + 1, x, WACS_VLINE, h - 2);
	mvvline_set(y + 1, x + w - 1, WACS_VLINE, h - 2);
	mvadd_wch(y + h - 1, x, WACS_LLCORNER);
	mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
	mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
	attroff(A_REVERSE);
}

void ui_cell(int y, int x, const char *s, int cols, attr_t attr)
{
	if (cols <= 1) {
		ui_put(y, x, " ", cols, attr);
		return;
	}
	ui_put(y, x, s, cols - 1, attr);
	ui_put(y, x + cols - 1, " ", 1, attr);
}

void ui_putf(int y, int x, int cols, attr_t attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ui_put(y, x, buf, cols, attr);
}

attr_t ui_prio_attr(const struct ui *u, int priority)
{
	if (!u->colors)
		return priority <= 1 ? A_BOLD : A_NORMAL;
	switch (priority) {
	case 1: return COLOR_PAIR(UI_PAIR_P1) | A_BOLD;
	case 2: return COLOR_PAIR(UI_PAIR_P2);
	case 3: return COLOR_PAIR(UI_PAIR_P3);
	default: return COLOR_PAIR(UI_PAIR_P4);
	}
}

const char *ui_class_label(enum alarm_class c)
{
	static const char *const labels[ALARM_CLASS_COUNT] = {
		N_("Panic"), N_("Fire"), N_("Intrusion"), N_("Medical"),
		N_("Tamper"), N_("Fault"), N_("Offline"), N_("Other"),
	};
	return _(labels[(unsigned)c < ALARM_CLASS_COUNT ? c : ALARM_CLASS_OTHER]);
}

const char *ui_channel_label(enum alarm_channel c)
{
	static const char *const labels[ALARM_CHANNEL_COUNT] = {
		N_("IP network"), N_("PSTN"), N_("Wireless"), N_("SIP"), N_("Video"), N_("Phone"),
		N_("DC-09 over TCP"), N_("DC-09 over UDP"),
	};
	return _(labels[(unsigned)c < ALARM_CHANNEL_COUNT ? c : 0]);
}

const char *ui_state_label(enum alarm_state s)
{
	static const char *const labels[ALARM_ST_COUNT] = {
		N_("NEW"),        N_("Claimed"),    N_("Reviewing"),  N_("Inconclusive"),
		N_("Incident"),   N_("False alarm"), N_("Forwarding"), N_("Forwarded"),
		N_("Dispatched"), N_("Departed"),   N_("On scene"),   N_("Work order"),
		N_("Closed"),
	};
	return _(labels[(unsigned)s < ALARM_ST_COUNT ? s : 0]);
}

const char *ui_method_label(enum flow_method m)
{
	static const char *const labels[FLOW_METHOD_COUNT] = {
		"", N_("video"), N_("audio"), N_("image"), N_("phone"), N_("field"),
	};
	return (unsigned)m < FLOW_METHOD_COUNT && m ? _(labels[m]) : "";
}

const char *ui_clock_label(enum flow_clock c)
{
	static const char *const labels[FLOW_CLK_COUNT] = {
		N_("review"), N_("forward"), N_("police check"), N_("depart"), N_("arrive"),
		N_("linkage"), N_("to the police platform"), N_("confirm receipt"),
	};
	return _(labels[(unsigned)c < FLOW_CLK_COUNT ? c : 0]);
}

void ui_span(char *buf, size_t len, int64_t ms)
{
	int64_t s = (ms < 0 ? -ms : ms) / 1000;

	if (s < 3600)
		snprintf(buf, len, "%s%lld:%02lld", ms < 0 ? "+" : "", (long long)(s / 60),
			 (long long)(s % 60));
	else
		snprintf(buf, len, "%s%lldh%02lld", ms < 0 ? "+" : "", (long long)(s / 3600),
			 (long long)(s / 60 % 60));
}

attr_t ui_clock_attr(const struct ui *u, enum flow_clock_status st)
{
	switch (st) {
	case FLOW_CLOCK_AMBER:
		return u->colors ? COLOR_PAIR(UI_PAIR_AMBER) | A_BOLD : A_BOLD;
	case FLOW_CLOCK_OVERDUE:
		return (u->colors ? COLOR_PAIR(UI_PAIR_OVER) : A_REVERSE) | A_BOLD |
		       (u->flash && u->flash_on ? A_REVERSE : 0);
	case FLOW_CLOCK_MISSED:
		return u->colors ? COLOR_PAIR(UI_PAIR_P1) : A_UNDERLINE;
	default:
		return A_NORMAL;
	}
}

enum flow_clock_status ui_urgent_clock(const struct alarm *a, int64_t now, int *which,
				       int64_t *left)
{
	enum flow_clock_status best = FLOW_CLOCK_IDLE;
	int64_t l;

	*which = -1;
	*left = 0;
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		enum flow_clock_status st = flow_clock(a, (enum flow_clock)c, now, &l);
		if (st != FLOW_CLOCK_RUNNING && st != FLOW_CLOCK_AMBER && st != FLOW_CLOCK_OVERDUE)
			continue;
		if (*which < 0 || l < *left) {
			*which = c;
			*left = l;
			best = st;
		}
	}
	return best;
}

void ui_age(char *buf, size_t len, int64_t ms)
{
	int64_t s = ms < 0 ? 0 : ms / 1000;

	if (s < 60)
		snprintf(buf, len, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(buf, len, "%lldm%02lld", (long long)(s / 60), (long long)(s % 60));
	else
		snprintf(buf, len, "%lldh%02lld", (long long)(s / 3600), (long long)(s / 60 % 60));
}

void ui_clock(char *buf, size_t len, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%H:%M:%S", &tm);
}
