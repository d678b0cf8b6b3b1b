/* ui.c — terminal set-up and tear-down, keyboard, resize, and the redraw
 * scheduler: events only mark the screen dirty; a uv_check draws at most
 * once per loop pass: a change after quiet at once, under load no sooner
 * than four times the last draw's cost (at most redraw_ms) after it, so a
 * burst of alarms cannot flood the terminal or starve the keyboard. Keys go
 * down the focus stack (focus.c); the UI's state is one struct ui. */
#include "ui.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../app/core/ad.h"
#include "../app/core/text.h"
#include "../app/i18n.h"
#include "ui-int.h"

/* Formats a translated message with up to two string arguments. */
static void message(struct ui *u, bool bad, const char *fmt, const char *a1, const char *a2)
{
	char buf[300];

	snprintf(buf, sizeof buf, fmt, a1, a2 ? a2 : "");
	ui_message(u, bad, buf);
}

/* The picture the views draw from, as the app is now. */
static void view_refresh(struct ui *u)
{
	if (u->a)
		app_view_fill(u->a, &u->view);
	ui_shown_stale(u);
}

static void event_cb(void *ctx, const struct app_event *ev)
{
	struct ui *u = ctx;
	char buf[300];

	if (u == NULL)
		return; /* events before the screen is up (or after it is gone) */
	view_refresh(u);
	switch (ev->kind) {
	case APP_EV_ALARM:
		ui_follow_selection(u);
		break;
	case APP_EV_SOUND:
		/* The bell reaches an operator over SSH, where the console's own
		 * speakers are elsewhere; it rings with every alert sound. */
		if (u->v->cfg->bell)
			beep();
		break;
	case APP_EV_SILENCE:
		if (strcmp(ev->text, "broken") == 0)
			message(u, true, _("Silence ended: a more urgent alarm arrived.%s%s"), "", NULL);
		else if (strcmp(ev->text, "expired") == 0)
			message(u, false, _("Silence is over.%s%s"), "", NULL);
		else
			message(u, false, _("Silenced for %s seconds (s again ends it).%s"), ev->text, NULL);
		break;
	case APP_EV_UPDATE:
		ui_follow_selection(u);
		/* This operator's claim: the camera at the alarm point opens. */
		if (ev->alarm && ev->by && strcmp(ev->by, u->v->cfg->operator_) == 0 &&
		    ev->alarm->state == ALARM_ST_CLAIMED && ev->alarm->ntimeline &&
		    strcmp(ev->alarm->timeline[ev->alarm->ntimeline - 1].action, "claim") == 0)
			ui_map_claimed(u, ev->alarm);
		/* Show who did what when it was someone else, in the timeline's
		 * words; a closed alarm (gone from the book) by its id. */
		if (ev->by && ev->by[0] && strcmp(ev->by, u->v->cfg->operator_) != 0 && ev->text &&
		    ev->text[0]) {
			const struct alarm *al = ev->alarm;
			char line[400];
			if (al && al->ntimeline)
				ui_timeline_entry(u, al, &al->timeline[al->ntimeline - 1], line,
						  sizeof line);
			else
				snprintf(line, sizeof line, "%s  %s", ev->by, ui_state_label(ALARM_ST_CLOSED));
			snprintf(buf, sizeof buf, "%s  %s", al ? al->cust_name : ev->id, line);
			message(u, false, "%s%s", buf, NULL);
		}
		break;
	case APP_EV_OP_ACK:
		if (ev->code != 0) {
			char words[300];
			ui_refusal_words(ev->text ? ev->text : "", words, sizeof words);
			message(u, true, _("Refused: %s (%s)"), words, ev->id ? ev->id : ev->op_id);
		}
		else if (u->modal == UI_MODAL_CHOICE && !u->choice.stays && ev->id &&
			 strcmp(ev->id, u->choice.id) == 0)
			ui_focus_close(u, &ui_modal_view);
		break;
	case APP_EV_LINK:
		if (ev->code == LINK_UP)
			message(u, false, _("Connected to %s. Press ? for help.%s"),
				u->v->centers[ev->center].name, NULL);
		if (ev->code == LINK_DOWN || ev->code == LINK_REFUSED) {
			snprintf(buf, sizeof buf, "%s: %s", u->v->centers[ev->center].name, ev->text);
			message(u, true, _("Link lost: %s%s"), buf, NULL);
		}
		break;
	case APP_EV_NOTICE:
		message(u, false, _("Notice: %s%s"), ev->text, NULL);
		break;
	case APP_EV_DEVICE:
		message(u, ev->code != PROTO_DEV_ONLINE, _("Device: %s%s"), ev->text, NULL);
		break;
	case APP_EV_PROBLEM:
		message(u, true, "%s%s", ev->text, NULL);
		break;
	case APP_EV_SYNCED:
		break;
	case APP_EV_ROOM:
	case APP_EV_FIGURES:
	case APP_EV_SITE:
	case APP_EV_ORDER:
		break;
	case APP_EV_IMAGES:
		ui_video_images(u, ev);
		break;
	case APP_EV_FLOOD: {
		const struct console_center *cc = console_center_of(u->v->core, ev->center);
		char line[300];
		ui_shown_stale(u); /* faults group by kind while it lasts */
		if (cc && cc->flood)
			snprintf(line, sizeof line,
				 _("ALARM STORM at %s: %.0f alarms/s. Faults are grouped by kind; P1/P2 alarms are never grouped or hidden."),
				 u->v->centers[ev->center].name, cc->flood_rate);
		else
			snprintf(line, sizeof line, _("The alarm storm at %s is over: %llu alarms in %lld s."),
				 u->v->centers[ev->center].name,
				 (unsigned long long)(cc ? cc->flood_alarms : 0),
				 cc ? (long long)((cc->flood_at_ms - cc->flood_since_ms) / 1000) : 0LL);
		ui_message(u, cc && cc->flood, line);
		break;
	}
	case APP_EV_ARM:
		break; /* shown in the detail of the site's alarms, not announced */
	case APP_EV_TEST: {
		const struct console_test *t = console_test_of(u->v->core, ev->center, ev->id);
		char until[16] = "";
		if (t)
			ui_clock(until, sizeof until, t->until_ms);
		snprintf(buf, sizeof buf, "%s %s %s", ev->id, _("until"), until);
		if (ev->code == PROTO_TEST_ON)
			message(u, false, _("Site on test, its signals are not alarms: %s%s"), buf, NULL);
		else if (ev->code == PROTO_TEST_ENDING)
			message(u, true, _("Test ends soon: %s (T on its alarm extends it)%s"), buf, NULL);
		else
			message(u, false, _("Off test, its signals are alarms again: %s%s"), ev->id, NULL);
		break;
	}
	case APP_EV_HOLD_END:
		ui_follow_selection(u);
		snprintf(buf, sizeof buf, "%s %s", ev->alarm->cust_name, ui_state_label(ev->alarm->state));
		message(u, true, _("Hold over, back in the queue: %s%s"), buf, NULL);
		break;
	case APP_EV_SIGNAL:
		message(u, false, _("Test signal (not an alarm): %s%s"), ev->text, NULL);
		break;
	case APP_EV_SCORE:
		snprintf(buf, sizeof buf, "%d %%", ev->code);
		message(u, false, _("Drill score %s, report: %s"), buf, ev->text);
		break;
	case APP_EV_REPLAY:
		ui_follow_selection(u);
		if (strcmp(ev->text, "end") == 0)
			message(u, false, _("End of the recording. < rewinds a minute, q quits.%s%s"), "",
				NULL);
		break;
	case APP_EV_OVERDUE:
		/* An overdue clock escalates: the row red, and its sound through
		 * the alert policy (APP_EV_SOUND rings the bell), which a silence
		 * holds like every other. */
		snprintf(buf, sizeof buf, "%s %s", ev->alarm->cust_name, ui_state_label(ev->alarm->state));
		message(u, true, _("Overdue: %s%s"), buf, NULL);
		break;
	}
	ui_dirty(u);
}

const struct app_frontend ui_frontend = {event_cb};

static void draw_too_small(void)
{
	char buf[200];

	erase();
	snprintf(buf, sizeof buf, _("Terminal too small: %dx%d, alarmdesk needs at least 80x24."),
		 COLS, LINES);
	mvaddnstr(0, 0, buf, COLS > 0 ? COLS : 0);
}

/* The terminal's title announces the alarm too (xterm-like terminals and
 * tmux/screen); only when it changes, and only with sanitised text. */
static void set_title(struct ui *u)
{
	const char *term = getenv("TERM");
	const struct alarm *top;
	char title[300];

	if (term == NULL || !(strncmp(term, "xterm", 5) == 0 || strncmp(term, "screen", 6) == 0 ||
			      strncmp(term, "tmux", 4) == 0 || strncmp(term, "rxvt", 4) == 0))
		return;
	top = ui_banner_alarm(u);
	if (top)
		snprintf(title, sizeof title, "alarmdesk: P%d %s %s (%zu)", top->priority,
			 ui_class_label(top->cls), top->cust_name,
			 book_count_state(u->v->book, ALARM_ST_NEW));
	else
		snprintf(title, sizeof title, "alarmdesk");
	title[text_sanitize(title, strlen(title))] = '\0';
	if (strcmp(title, u->title) == 0)
		return;
	snprintf(u->title, sizeof u->title, "%s", title);
	printf("\033]2;%s\007", title);
	fflush(stdout);
}

void ui_draw(struct ui *u)
{
	bool map_keys = ui_focus_has(u, &ui_map_view);

	if (COLS < 80 || LINES < 24) {
		draw_too_small();
		return;
	}
	ui_title_view.draw(u, 0, 0, 1, COLS);
	if (ui_focus_has(u, &ui_page_view)) {
		ui_page_view.draw(u, 1, 0, LINES - 3, COLS);
	} else if (u->video.full && u->video.src) {
		ui_map_view.draw(u, 1, 0, LINES - 3, COLS); /* the picture over the body */
	} else if (COLS >= 150) {
		/* Wide: the queue, and beside it the detail with the map under it
		 * (popped up at the alarm point), or the map alone while it has
		 * the keys. */
		int mh = LINES >= 40 ? (LINES - 3) * 2 / 5 : 0, split = COLS - 64;
		ui_queue_view.draw(u, 1, 0, LINES - 3, split - 1);
		mvvline(1, split - 1, ACS_VLINE, LINES - 3);
		if (map_keys) {
			ui_map_view.draw(u, 1, split, LINES - 3, COLS - split);
		} else {
			ui_detail_view.draw(u, 1, split, LINES - 3 - mh, COLS - split);
			if (mh)
				ui_map_view.draw(u, LINES - 2 - mh, split, mh, COLS - split);
		}
	} else if (map_keys) {
		ui_map_view.draw(u, 1, 0, LINES - 3, COLS);
	} else {
		int dh = (LINES - 3) / 2 < 13 ? (LINES - 3) / 2 : 13, qh;
		long need = ui_shown_count(u) + 2; /* header, rows, one spare */
		if (dh < 10)
			dh = 10;
		qh = LINES - 3 - dh;
		/* A short queue gives its empty rows to the detail. */
		if (need < qh)
			qh = need < 4 ? 4 : (int)need;
		dh = LINES - 3 - qh;
		ui_queue_view.draw(u, 1, 0, qh, COLS);
		ui_detail_view.draw(u, 1 + qh, 0, dh, COLS);
	}
	if (ui_focus_has(u, &ui_confirm_view))
		ui_confirm_view.draw(u, LINES - 2, 0, 1, COLS);
	else if (ui_focus_has(u, &ui_search_view))
		ui_search_view.draw(u, LINES - 2, 0, 1, COLS);
	else if (u->v->links_down)
		ui_link_banner(u, LINES - 2, COLS);
	else
		ui_put(LINES - 2, 0, u->msg, COLS,
		       u->msg_bad ? (u->colors ? COLOR_PAIR(UI_PAIR_BAD) | A_BOLD : A_BOLD)
				  : A_NORMAL);
	ui_status_view.draw(u, LINES - 1, 0, 1, COLS);
	if (ui_focus_has(u, &ui_modal_view))
		ui_modal_view.draw(u, 1, 0, LINES - 3, COLS);
	if (ui_focus_has(u, &ui_call_view))
		ui_call_view.draw(u, 1, 0, LINES - 3, COLS);
	if (ui_focus_has(u, &ui_plan_view))
		ui_plan_view.draw(u, 1, 0, LINES - 3, COLS);
	if (ui_focus_has(u, &ui_help_view))
		ui_help_view.draw(u, 1, 0, LINES - 3, COLS);
	move(LINES - 1, COLS - 1);
}

static void frame_cb(uv_timer_t *t)
{
	ui_dirty(t->data);
}

/* The gap between two draws: drawing may take a fifth of the loop (four
 * times its own cost between draws), at least UI_MIN_FRAME_MS (a terminal
 * frame) and at most redraw_ms. A change after quiet is drawn at once; only
 * under load do changes wait, and then for as long as drawing costs. */
static uint64_t gap_ms(const struct ui *u)
{
	uint64_t g = 4 * u->draw_cost_ms;

	return g < UI_MIN_FRAME_MS ? UI_MIN_FRAME_MS
	       : g > (uint64_t)u->redraw_ms ? (uint64_t)u->redraw_ms
					     : g;
}

/* Draws at most once per loop pass, no sooner than gap_ms after the last
 * draw. */
static void check_cb(uv_check_t *h)
{
	struct ui *u = h->data;
	uint64_t now = uv_now(h->loop), gap = gap_ms(u), t0;

	if (!u->dirty || !u->started)
		return;
	if (now - u->last_draw < gap) {
		if (!uv_is_active((uv_handle_t *)&u->frame_timer))
			uv_timer_start(&u->frame_timer, frame_cb, gap - (now - u->last_draw), 0);
		return;
	}
	u->dirty = false;
	u->last_draw = now;
	t0 = uv_hrtime();
	view_refresh(u);
	ui_draw(u);
	wnoutrefresh(stdscr);
	doupdate();
	set_title(u);
	u->draw_cost_ms = (uv_hrtime() - t0 + 999999) / 1000000; /* rounded up */
}

static void second_cb(uv_timer_t *t)
{
	struct ui *u = t->data;

	u->flash_on = !u->flash_on;
	ui_shown_stale(u); /* a filter on time (held until) is asked again */
	view_refresh(u);
	ui_dirty(u);
}

static void input_cb(uv_poll_t *h, int status, int events)
{
	struct ui *u = h->data;
	wint_t ch;
	int rc;

	/* Drain everything ncurses has buffered: escape sequences and pasted or
	 * IME text arrive as several keys in one read. A key goes to the top
	 * view of the focus stack first. */
	while ((rc = get_wch(&ch)) != ERR) {
		view_refresh(u);
		ui_focus_key(u, ch, rc == KEY_CODE_YES);
		ui_dirty(u);
		if (!u->started)
			return;
	}
}

static void winch_cb(uv_signal_t *h, int signum)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	ui_dirty(h->data);
}

static void init_colors(struct ui *u, enum config_colors mode)
{
	u->colors = mode != CONFIG_COLORS_MONO && has_colors();
	if (!u->colors)
		return;
	start_color();
	use_default_colors();
	init_pair(UI_PAIR_P1, COLOR_RED, -1);
	init_pair(UI_PAIR_P2, COLOR_YELLOW, -1);
	init_pair(UI_PAIR_P3, COLOR_MAGENTA, -1);
	init_pair(UI_PAIR_P4, COLOR_CYAN, -1);
	init_pair(UI_PAIR_BAR, COLOR_WHITE, COLOR_BLUE);
	init_pair(UI_PAIR_OK, COLOR_GREEN, COLOR_BLUE);
	init_pair(UI_PAIR_BAD, COLOR_WHITE, COLOR_RED);
	init_pair(UI_PAIR_AMBER, COLOR_YELLOW, -1);
	init_pair(UI_PAIR_OVER, COLOR_WHITE, COLOR_RED);
}

void ui_init_state(struct ui *u, struct app *a, const struct app_view *v, bool flash)
{
	memset(u, 0, sizeof *u);
	u->a = a;
	u->view = *v;
	u->v = &u->view;
	u->flash = flash;
	mapstore_init(&u->maps, v->cfg->maps_dir);
	u->map.zoom = 6;
	u->map.level = -1;
	u->redraw_ms = v->cfg->redraw_ms;
	ui_focus_open(u, &ui_queue_view);
	ui_shown_stale(u);
	u->order_filter = -1;
	if (v->replay || v->training)
		ui_focus_open(u, &ui_mode_view);
}

void ui_release_state(struct ui *u)
{
	ui_video_close(u);
	mapstore_release(&u->maps);
	ui_shown_release(u);
}

struct ui *ui_start(struct app *a, bool flash, void (*quit_cb)(struct app *a), char *err,
		    size_t errlen)
{
	struct app_view v;
	struct ui *u;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "%s", _("the console needs a terminal (use --batch for scripts)"));
		return NULL;
	}
	if (MB_CUR_MAX == 1) {
		snprintf(err, errlen, "%s",
			 _("the console needs a UTF-8 locale: run it with LANG=C.UTF-8 (or zh_CN.UTF-8)"));
		return NULL;
	}
	if ((u = malloc(sizeof *u)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	app_view_fill(a, &v);
	ui_init_state(u, a, &v, flash);
	u->on_quit = quit_cb;
	initscr();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	init_colors(u, v.cfg->colors);
	uv_poll_init(v.loop, &u->in_poll, STDIN_FILENO);
	uv_poll_start(&u->in_poll, UV_READABLE, input_cb);
	uv_signal_init(v.loop, &u->sigwinch);
	uv_signal_start(&u->sigwinch, winch_cb, SIGWINCH);
	uv_check_init(v.loop, &u->draw_check);
	uv_check_start(&u->draw_check, check_cb);
	uv_timer_init(v.loop, &u->frame_timer);
	uv_timer_init(v.loop, &u->second_timer);
	uv_timer_start(&u->second_timer, second_cb, 500, 500);
	u->in_poll.data = u->sigwinch.data = u->draw_check.data = u;
	u->frame_timer.data = u->second_timer.data = u;
	u->open_handles = 5;
	u->started = true;
	app_set_frontend(a, &ui_frontend, u);
	message(u, false, _("Connecting… press %s for help.%s"), "?", NULL);
	return u;
}

static void handle_closed_cb(uv_handle_t *h)
{
	struct ui *u = h->data;

	if (--u->open_handles == 0) {
		ui_release_state(u);
		free(u);
	}
}

void ui_stop(struct ui *u)
{
	if (u == NULL || !u->started)
		return;
	u->started = false;
	ui_video_close(u); /* journaled while the journal is open */
	app_set_frontend(u->a, &ui_frontend, NULL);
	uv_close((uv_handle_t *)&u->in_poll, handle_closed_cb);
	uv_close((uv_handle_t *)&u->sigwinch, handle_closed_cb);
	uv_close((uv_handle_t *)&u->draw_check, handle_closed_cb);
	uv_close((uv_handle_t *)&u->frame_timer, handle_closed_cb);
	uv_close((uv_handle_t *)&u->second_timer, handle_closed_cb);
	endwin();
}
