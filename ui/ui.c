/* ui.c — terminal set-up and tear-down, keyboard, resize, and the redraw
 * scheduler: events only mark the screen dirty; a uv_check draws at most
 * once per loop pass and no sooner than redraw_ms after the last draw, so a
 * burst of alarms cannot flood the terminal or starve the keyboard. */
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

static struct ui ui;
static uv_poll_t in_poll;
static uv_signal_t sigwinch;
static uv_check_t check;
static uv_timer_t frame_timer, second_timer;
static bool started, dirty;
static uint64_t last_draw;
static int redraw_ms = 50;
static void (*on_quit)(struct app *a);

static void mark_dirty(void)
{
	dirty = true;
}

static void message(bool bad, const char *fmt, const char *a1, const char *a2)
{
	snprintf(ui.msg, sizeof ui.msg, fmt, a1, a2 ? a2 : "");
	ui.msg_bad = bad;
	ui.msg_at = app_now_ms();
	mark_dirty();
}

void ui_message(struct ui *u, bool bad, const char *text)
{
	message(bad, "%s%s", text, NULL);
}

static void follow_selection(void)
{
	long i = ui.sel_id[0] ? book_index_of(ui.a->book, ui.sel_id) : -1;

	if (i >= 0)
		ui.sel = i;
}

static void remember_selection(void)
{
	const struct alarm *al = book_at(ui.a->book, (size_t)ui.sel);
	snprintf(ui.sel_id, sizeof ui.sel_id, "%s", al ? al->id : "");
}

static void event_cb(struct app *a, const struct app_event *ev)
{
	char buf[300];

	switch (ev->kind) {
	case APP_EV_ALARM:
		follow_selection();
		break;
	case APP_EV_SOUND:
		/* The bell reaches an operator over SSH, where the console's own
		 * speakers are elsewhere; it rings with every alert sound. */
		if (a->cfg.bell)
			beep();
		break;
	case APP_EV_SILENCE:
		if (strcmp(ev->text, "broken") == 0)
			message(true, _("Silence ended: a more urgent alarm arrived.%s%s"), "", NULL);
		else if (strcmp(ev->text, "expired") == 0)
			message(false, _("Silence is over.%s%s"), "", NULL);
		else
			message(false, _("Silenced for %s seconds (s again ends it).%s"), ev->text, NULL);
		break;
	case APP_EV_UPDATE:
		follow_selection();
		/* Show who did what when it was someone else. */
		if (ev->by && ev->by[0] && strcmp(ev->by, a->cfg.operator_) != 0 && ev->text &&
		    ev->text[0]) {
			snprintf(buf, sizeof buf, "%s %s %s %s", ev->by, ev->text,
				 ev->alarm ? ev->alarm->cust_name : ev->id,
				 ev->alarm ? ui_state_label(ev->alarm->state) : ui_state_label(ALARM_ST_CLOSED));
			message(false, "%s%s", buf, NULL);
		}
		break;
	case APP_EV_OP_ACK:
		if (ev->code != 0)
			message(true, _("Refused: %s (%s)"), ev->text, ev->id ? ev->id : ev->op_id);
		else if (ui.modal == UI_MODAL_CHOICE && ev->id && strcmp(ev->id, ui.choice.id) == 0)
			ui.modal = UI_MODAL_NONE;
		break;
	case APP_EV_LINK:
		if (ev->code == LINK_UP)
			message(false, _("Connected to %s. Press ? for help.%s"),
				a->centers[ev->center].name, NULL);
		if (ev->code == LINK_DOWN || ev->code == LINK_REFUSED) {
			snprintf(buf, sizeof buf, "%s: %s", a->centers[ev->center].name, ev->text);
			message(true, _("Link lost: %s%s"), buf, NULL);
		}
		break;
	case APP_EV_NOTICE:
		message(false, _("Notice: %s%s"), ev->text, NULL);
		break;
	case APP_EV_DEVICE:
		message(ev->code != PROTO_DEV_ONLINE, _("Device: %s%s"), ev->text, NULL);
		break;
	case APP_EV_PROBLEM:
		message(true, "%s%s", ev->text, NULL);
		break;
	case APP_EV_SYNCED:
		break;
	case APP_EV_ROOM:
	case APP_EV_FIGURES:
		break;
	case APP_EV_SCORE:
		snprintf(buf, sizeof buf, "%d %%", ev->code);
		message(false, _("Drill score %s, report: %s"), buf, ev->text);
		break;
	case APP_EV_REPLAY:
		follow_selection();
		if (strcmp(ev->text, "end") == 0)
			message(false, _("End of the recording. < rewinds a minute, q quits.%s%s"), "",
				NULL);
		break;
	case APP_EV_OVERDUE:
		/* An overdue clock escalates: its sound (or the bell), the row red. */
		if (a->audio == NULL && a->cfg.bell)
			beep();
		snprintf(buf, sizeof buf, "%s %s", ev->alarm->cust_name, ui_state_label(ev->alarm->state));
		message(true, _("Overdue: %s%s"), buf, NULL);
		break;
	}
	mark_dirty();
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
static void set_title(void)
{
	static char last[300];
	const char *term = getenv("TERM");
	const struct alarm *top;
	char title[300];

	if (term == NULL || !(strncmp(term, "xterm", 5) == 0 || strncmp(term, "screen", 6) == 0 ||
			      strncmp(term, "tmux", 4) == 0 || strncmp(term, "rxvt", 4) == 0))
		return;
	top = ui_banner_alarm(&ui);
	if (top)
		snprintf(title, sizeof title, "alarmdesk: P%d %s %s (%zu)", top->priority,
			 ui_class_label(top->cls), top->cust_name,
			 book_count_state(ui.a->book, ALARM_ST_NEW));
	else
		snprintf(title, sizeof title, "alarmdesk");
	title[text_sanitize(title, strlen(title))] = '\0';
	if (strcmp(title, last) == 0)
		return;
	snprintf(last, sizeof last, "%s", title);
	printf("\033]2;%s\007", title);
	fflush(stdout);
}

static void draw(void)
{
	int split, qh;

	if (COLS < 80 || LINES < 24) {
		draw_too_small();
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	ui_title_view.draw(&ui, 0, 0, 1, COLS);
	if (ui.page != UI_PAGE_QUEUE) {
		static const struct ui_view *const pages[] = {
			[UI_PAGE_ROOM] = &ui_room_view, [UI_PAGE_OVERDUE] = &ui_overdue_view,
			[UI_PAGE_FIGURES] = &ui_figures_view, [UI_PAGE_HANDOVER] = &ui_handover_view};
		pages[ui.page]->draw(&ui, 1, 0, LINES - 3, COLS);
	} else if (COLS >= 150) {
		/* Wide: the queue, and beside it the detail with the map under it
		 * (popped up at the alarm point), or the map alone while it has
		 * the keys. */
		int mh = LINES >= 40 ? (LINES - 3) * 2 / 5 : 0;
		split = COLS - 64;
		ui_queue_view.draw(&ui, 1, 0, LINES - 3, split - 1);
		mvvline(1, split - 1, ACS_VLINE, LINES - 3);
		if (ui.map.on) {
			ui_map_view.draw(&ui, 1, split, LINES - 3, COLS - split);
		} else {
			ui_detail_view.draw(&ui, 1, split, LINES - 3 - mh, COLS - split);
			if (mh)
				ui_map_view.draw(&ui, LINES - 2 - mh, split, mh, COLS - split);
		}
	} else if (ui.map.on) {
		ui_map_view.draw(&ui, 1, 0, LINES - 3, COLS);
	} else {
		int dh = (LINES - 3) / 2 < 13 ? (LINES - 3) / 2 : 13;
		if (dh < 10)
			dh = 10;
		qh = LINES - 3 - dh;
		ui_queue_view.draw(&ui, 1, 0, qh, COLS);
		ui_detail_view.draw(&ui, 1 + qh, 0, dh, COLS);
	}
	if (ui.quit_confirm)
		ui_put(LINES - 2, 0, _("Quit alarmdesk? Alarms keep arriving at the center. y = quit, any other key = stay"),
		       COLS, A_REVERSE | A_BOLD);
	else
		ui_put(LINES - 2, 0, ui.msg, COLS,
		       ui.msg_bad ? (ui.colors ? COLOR_PAIR(UI_PAIR_BAD) | A_BOLD : A_BOLD)
				  : A_NORMAL);
	ui_status_view.draw(&ui, LINES - 1, 0, 1, COLS);
	if (ui.modal != UI_MODAL_NONE)
		ui_modal_view.draw(&ui, 1, 0, LINES - 3, COLS);
	if (ui.help)
		ui_help_view.draw(&ui, 1, 0, LINES - 3, COLS);
	move(LINES - 1, COLS - 1);
	wnoutrefresh(stdscr);
	doupdate();
	set_title();
}

static void frame_cb(uv_timer_t *t)
{
	mark_dirty();
}

static void check_cb(uv_check_t *h)
{
	uint64_t now = uv_now(h->loop);

	if (!dirty || !started)
		return;
	if (now - last_draw < (uint64_t)redraw_ms) {
		if (!uv_is_active((uv_handle_t *)&frame_timer))
			uv_timer_start(&frame_timer, frame_cb, redraw_ms - (now - last_draw), 0);
		return;
	}
	dirty = false;
	last_draw = now;
	draw();
}

static void second_cb(uv_timer_t *t)
{
	ui.flash_on = !ui.flash_on;
	app_escalate(ui.a, app_center_now(ui.a));
	mark_dirty();
}

static void on_key(wint_t ch, bool fkey)
{
	const struct config_keys *k = &ui.a->cfg.keys;
	long n = (long)book_count(ui.a->book), page = LINES / 3 > 1 ? LINES / 3 : 1;

	if (ui.quit_confirm) {
		ui.quit_confirm = false;
		if (!fkey && (ch == 'y' || ch == 'Y')) {
			on_quit(ui.a);
			return;
		}
		mark_dirty();
		return;
	}
	if (ui.help) {
		ui.help = false;
		mark_dirty();
		return;
	}
	if (ui_modal_key(&ui, ch, fkey) || ui_mode_key(&ui, ch, fkey) || ui_page_key(&ui, ch, fkey) ||
	    ui_map_key(&ui, ch, fkey)) {
		mark_dirty();
		return;
	}
	if (fkey) {
		switch (ch) {
		case KEY_UP: ui.sel--; break;
		case KEY_DOWN: ui.sel++; break;
		case KEY_PPAGE: ui.sel -= page; break;
		case KEY_NPAGE: ui.sel += page; break;
		case KEY_HOME: ui.sel = 0; break;
		case KEY_END: ui.sel = n - 1; break;
		case KEY_F(1): ui.help = true; break;
		case KEY_RESIZE: break;
		default:
			if (!ui_step_key(&ui, book_at(ui.a->book, (size_t)ui.sel), ch, fkey))
				return;
		}
	} else if (ch == 'k') {
		ui.sel--;
	} else if (ch == 'j') {
		ui.sel++;
	} else if (ch == 'g') {
		ui.sel = 0;
	} else if (ch == 'G') {
		ui.sel = n - 1;
	} else if (ch == (wint_t)k->help) {
		ui.help = true;
	} else if (ch == (wint_t)k->quit) {
		ui.quit_confirm = true;
	} else if (ch == (wint_t)k->silence) {
		if (alert_silence_left(&ui.a->alert, app_center_now(ui.a)) > 0) {
			alert_unsilence(&ui.a->alert);
			app_journal(ui.a, "", "audio.unsilence", "");
			message(false, _("Sound is back on.%s%s"), "", NULL);
		} else {
			app_alert_silence(ui.a);
		}
	} else if (ch == 12) { /* Ctrl-L */
		clearok(curscr, TRUE);
	} else if (!ui_step_key(&ui, book_at(ui.a->book, (size_t)ui.sel), ch, fkey)) {
		return;
	}
	if (ui.sel >= n)
		ui.sel = n - 1;
	if (ui.sel < 0)
		ui.sel = 0;
	{
		char before[64];
		snprintf(before, sizeof before, "%s", ui.sel_id);
		remember_selection();
		if (ui.sel_id[0] && strcmp(before, ui.sel_id) != 0)
			app_journal(ui.a, ui.sel_id, "view.detail", "");
	}
	mark_dirty();
}

static void input_cb(uv_poll_t *h, int status, int events)
{
	wint_t ch;
	int rc;

	/* Drain everything ncurses has buffered: escape sequences and pasted or
	 * IME text arrive as several keys in one read. */
	while ((rc = get_wch(&ch)) != ERR) {
		on_key(ch, rc == KEY_CODE_YES);
		if (!started)
			return;
	}
}

static void winch_cb(uv_signal_t *h, int signum)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	mark_dirty();
}

static void init_colors(enum config_colors mode)
{
	ui.colors = mode != CONFIG_COLORS_MONO && has_colors();
	if (!ui.colors)
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

int ui_start(struct app *a, bool flash, void (*quit_cb)(struct app *a), char *err, size_t errlen)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "%s", _("the console needs a terminal (use --batch for scripts)"));
		return -1;
	}
	if (MB_CUR_MAX == 1) {
		snprintf(err, errlen, "%s",
			 _("the console needs a UTF-8 locale: run it with LANG=C.UTF-8 (or zh_CN.UTF-8)"));
		return -1;
	}
	memset(&ui, 0, sizeof ui);
	ui.a = a;
	ui.flash = flash;
	mapstore_init(&ui.maps, a->cfg.maps_dir);
	ui.map.zoom = 6;
	ui.map.level = -1;
	on_quit = quit_cb;
	redraw_ms = a->cfg.redraw_ms;
	initscr();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	init_colors(a->cfg.colors);
	uv_poll_init(a->loop, &in_poll, STDIN_FILENO);
	uv_poll_start(&in_poll, UV_READABLE, input_cb);
	uv_signal_init(a->loop, &sigwinch);
	uv_signal_start(&sigwinch, winch_cb, SIGWINCH);
	uv_check_init(a->loop, &check);
	uv_check_start(&check, check_cb);
	uv_timer_init(a->loop, &frame_timer);
	uv_timer_init(a->loop, &second_timer);
	uv_timer_start(&second_timer, second_cb, 500, 500);
	started = true;
	message(false, _("Connecting… press %s for help.%s"), "?", NULL);
	return 0;
}

void ui_stop(void)
{
	if (!started)
		return;
	started = false;
	uv_close((uv_handle_t *)&in_poll, NULL);
	uv_close((uv_handle_t *)&sigwinch, NULL);
	uv_close((uv_handle_t *)&check, NULL);
	uv_close((uv_handle_t *)&frame_timer, NULL);
	uv_close((uv_handle_t *)&second_timer, NULL);
	endwin();
	mapstore_release(&ui.maps);
}
