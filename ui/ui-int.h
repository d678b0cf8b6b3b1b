/* ui-int.h — what the views share: the UI state, drawing helpers and the
 * view table. Private to ui/. */
#ifndef UI_INT_H
#define UI_INT_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "../app/view.h"
#include "../app/core/filter.h"
#include "../app/core/flow.h"
#include "../app/mapstore.h"
#include "../video/module.h"

/* Colour pairs. */
enum {
	UI_PAIR_P1 = 1, /* priority 1: red */
	UI_PAIR_P2,     /* priority 2: yellow */
	UI_PAIR_P3,     /* priority 3: magenta */
	UI_PAIR_P4,     /* priority 4: cyan */
	UI_PAIR_BAR,    /* title and status bars */
	UI_PAIR_OK,     /* link up */
	UI_PAIR_BAD,    /* link down, errors */
	UI_PAIR_AMBER,  /* a clock at 75 % */
	UI_PAIR_OVER,   /* a clock overdue */
};

#define UI_MIN_FRAME_MS 8 /* between two draws, however cheap */

enum ui_modal { UI_MODAL_NONE, UI_MODAL_CHOICE, UI_MODAL_CHECKLIST, UI_MODAL_NOTE };

#define UI_CHOICES 12
struct ui;
struct ui_choice {
	char title[160];
	char id[64]; /* the alarm */
	enum proto_action action;
	int n;
	char label[UI_CHOICES][160];
	int code[UI_CHOICES];
	char text[UI_CHOICES][16];
	bool stays; /* not closed by an accepted step on its alarm (the PTZ pad) */
	/* Instead of sending the op: what the view that asked does with the
	 * choice (text NULL: cancelled). */
	void (*done)(struct ui *u, const struct alarm *al, int code, const char *text);
	/* A choice about no alarm (ui_choice_ask): what comes of it. */
	void (*asked)(struct ui *u, int code, const char *text);
};

struct ui_checklist {
	char id[64];
	int cursor;
	char receiver[ALARM_MAX_RECIPIENTS][64]; /* who took it, per recipient */
	int editing;  /* typing the receiver of recipient editing-1; 0: not */
};

struct ui_note {
	char id[64];
	char text[240];
	enum proto_action action; /* what Enter sends: a note, a hold's reason, a permit, … */
	int code;                 /* its number: the hold's minutes, the plan step */
	char title[240];          /* what is asked, when not a note's own title */
	void (*asked)(struct ui *u, const char *text); /* ui_text_ask: what comes of it */
	/* Instead of sending the op at Enter (it goes after a confirmation). */
	void (*then)(struct ui *u, const struct alarm *al);
};

/* The map pane's state; it resets to the alarm's own level and nearest
 * camera whenever another alarm is selected. The map has the keys while
 * its view is open (full screen, or beside the queue). */
struct ui_map {
	bool overview;     /* the district instead of the site plan */
	char for_id[64];   /* the alarm the state below belongs to */
	int level;         /* a level the operator switched to, -1 = the alarm's */
	int cam;           /* camera cursor */
	double zoom;       /* overview: cells per km */
	double pan_x, pan_y; /* overview: km east and north of the alarm */
};

/* The camera picture being reviewed (video_view.c): for one alarm, closed
 * when another is selected, the map leaves the screen or Esc. */
struct ui_video {
	const struct video_lib *lib; /* the pictures' module, once loaded */
	struct vsource *src;   /* NULL: no picture open */
	struct picture pic;    /* the newest picture on screen */
	uint64_t seq;          /* its number from the source */
	uint64_t shown_n;      /* pictures put on screen */
	struct vsource_info info;
	char for_id[64];       /* the alarm under review */
	char camera[160];      /* "B 营业厅摄像机" */
	char shown[400];       /* its address without login */
	int64_t from_ms;       /* opened (wall clock) */
	int fps;               /* what the budget allows now */
	bool full;             /* over the whole body of the screen */
	/* Opened by a claim off screen: what brings it up with its first
	 * picture (the map view's), NULL when it is on screen. */
	void (*pending)(struct ui *u);
	bool images;           /* the alarm's images, not a camera */
	char images_for[64];   /* images asked for this alarm, not arrived yet */
};

/* What the body of the screen shows: the queue with the detail (and map),
 * or one of the full pages (supervisors' room, overdue list and figures;
 * everyone's shift handover). */
enum ui_page {
	UI_PAGE_QUEUE,
	UI_PAGE_ROOM,
	UI_PAGE_OVERDUE,
	UI_PAGE_FIGURES,
	UI_PAGE_HANDOVER,
	UI_PAGE_SITES,
	UI_PAGE_SITE,
	UI_PAGE_ORDERS,
};

/* The open alarms of one site among those shown (shown.c) — or, in an
 * alarm storm, the P3/P4 faults of one kind (class and event code) across
 * sites: the first in the book (the most urgent) is the group's row. */
struct ui_group {
	int center;
	int cls;         /* a storm's kind of fault: its class; -1: a site */
	const char *key; /* the site's account, or the kind's event code */
	long first;      /* its book index */
	int count;
	bool expanded;
	uint64_t hash;   /* the key's (book_hash) */
};
#define UI_EXPANDED 16
struct ui_groups;

/* What a view's key handler did with a key. */
enum ui_key {
	UI_KEY_IGNORED, /* not this view's: the view below gets it */
	UI_KEY_HANDLED, /* taken, nothing to redraw */
	UI_KEY_REDRAW,  /* taken, the screen changed */
	UI_KEY_CLOSE,   /* taken, and this view closes */
};

/* Views are stacked by layer; a key goes to the top view first, then down
 * until one takes it. */
enum ui_layer {
	UI_LAYER_QUEUE,   /* the queue: moving, the alarm keys, the console's keys */
	UI_LAYER_MAP,     /* the map while it has the keys */
	UI_LAYER_PAGE,    /* a full page (room, overdue, figures, handover) */
	UI_LAYER_MODE,    /* replay's and training's keys */
	UI_LAYER_MODAL,   /* a dialog */
	UI_LAYER_HELP,    /* the help overlay */
	UI_LAYER_CONFIRM, /* "quit?" */
};

struct ui;

/* A view draws itself inside a rectangle of stdscr and may take keys. */
struct ui_view {
	const char *name;
	void (*draw)(struct ui *u, int y, int x, int h, int w);
	enum ui_key (*key)(struct ui *u, wint_t ch, bool fkey);
	enum ui_layer layer;
	void (*closed)(struct ui *u); /* it left the focus stack (may be NULL) */
};

#define UI_FOCUS_MAX 8

struct ui {
	struct app *a;            /* what actions go to (opaque here) */
	const struct app_view *v; /* what the views read: &view, refreshed */
	struct app_view view;
	const struct ui_view *focus[UI_FOCUS_MAX]; /* the open views, bottom first */
	int nfocus;
	enum ui_page page;
	int64_t fig_span_ms, fig_end_ms; /* the figures' period: its length and end (0 = now) */
	struct mapstore maps;
	struct ui_map map;
	struct ui_video video;
	enum ui_modal modal;
	struct ui_choice choice;
	struct ui_checklist check;
	struct ui_note note;
	bool ptz_moving; /* a PTZ move was sent and not stopped */
	char call_id[64]; /* the alarm of the call list */
	char plan_id[64]; /* the alarm of the plan view */
	char site_q[96];  /* the site card asked for (site_view.c) */
	bool site_editing; /* typing which site */
	char order_id[48];  /* the work order selected (orders_view.c) */
	int order_filter;   /* the urgency shown, -1: all */
	char order_site[32]; /* a new order's site and urgency, while it is asked */
	int order_urgency;
	struct alarm_filter filter; /* what the queue shows (search_view.c) */
	struct ui_groups *groups;   /* the sites' groups (shown.c), counted lazily */
	struct {
		int center, cls;
		char key[64];
	} expanded[UI_EXPANDED]; /* the groups open, newest first */
	char query[64], query_was[64]; /* the filter's words; before this edit */
	int detail_top;   /* the detail pane's first line (J K scroll it) */
	bool flash;       /* flashing allowed (--no-flash turns it off) */
	bool flash_on;    /* current phase of the flash timer */
	bool colors;
	char sel_id[64];  /* the selected alarm, followed across reorders */
	long sel;
	long top;
	char msg[300];
	bool msg_bad;
	/* the terminal and the loop (ui.c) */
	uv_poll_t in_poll;
	uv_signal_t sigwinch;
	uv_check_t draw_check;
	uv_timer_t frame_timer, second_timer;
	int open_handles;
	bool started, dirty;
	uint64_t last_draw;
	int redraw_ms;         /* the longest a change waits under load */
	uint64_t draw_cost_ms; /* what the last draw took */
	char title[300]; /* the terminal title last set */
	void (*on_quit)(struct app *a);
};

extern const struct ui_view ui_queue_view, ui_detail_view, ui_status_view, ui_help_view,
	ui_title_view, ui_modal_view, ui_call_view, ui_plan_view, ui_search_view, ui_map_view, ui_room_view, ui_overdue_view, ui_sites_view,
	ui_figures_view, ui_site_view, ui_orders_view,
	ui_handover_view, ui_page_view, ui_mode_view, ui_confirm_view;

/* ui.c: a UI's state for app a (NULL: none, the views draw v alone), with
 * the queue (and the mode's keys) on the focus stack; ui_draw draws the
 * whole screen into stdscr from u->v (not refreshed). */
void ui_init_state(struct ui *u, struct app *a, const struct app_view *v, bool flash);
void ui_release_state(struct ui *u);
void ui_draw(struct ui *u);

/* focus.c: the focus stack. open puts a view on it (in its layer, once),
 * close takes it off (its closed hook runs); key routes a key top-down and
 * says whether a view took it. */
void ui_focus_open(struct ui *u, const struct ui_view *v);
void ui_focus_close(struct ui *u, const struct ui_view *v);
bool ui_focus_has(const struct ui *u, const struct ui_view *v);
bool ui_focus_key(struct ui *u, wint_t ch, bool fkey);
/* The screen is to be drawn again. */
void ui_dirty(struct ui *u);

/* pages.c: opens page p (the same page again closes it); the page keys
 * (R O F H, and B for a notice) in one place: true when ch was one. */
void ui_page_open(struct ui *u, enum ui_page p);
bool ui_page_key_open(struct ui *u, wint_t ch);
/* Opens the notice editor, for the roles the command table allows it
 * (supervisors); others are told why not. */
void ui_notice_open(struct ui *u);

/* queue_view.c: the selection, followed by alarm id across reorders. */
void ui_follow_selection(struct ui *u);
/* The message line while a center is unreachable: a red banner (bars_view.c). */
void ui_link_banner(struct ui *u, int y, int w);

/* The alarm the banner names: the most urgent one nobody holds, or NULL. */
const struct alarm *ui_banner_alarm(const struct ui *u);

/* video_view.c: the picture of a camera for alarm al (camera: its marker
 * and name; channel: its address as the map or center gives it), opened
 * (journaled camera.open) or said why not; closing journals camera.view
 * with from and to. on: it is open for al. draw: status line and picture. */
void ui_video_open(struct ui *u, const struct alarm *al, const char *camera, const char *channel);
void ui_video_close(struct ui *u);
bool ui_video_on(const struct ui *u, const struct alarm *al);
void ui_video_draw(struct ui *u, int y, int x, int h, int w);
/* The images kept with alarm al: asked from the center, shown where the
 * picture is when they arrive (ui_video_images, from APP_EV_IMAGES); ← →
 * step, Space plays them. */
void ui_video_ask_images(struct ui *u, const struct alarm *al);
void ui_video_images(struct ui *u, const struct app_event *ev);
enum ui_key ui_video_images_key(struct ui *u, wint_t ch, bool fkey);
/* The external player ([video] player_command) on that camera. */
void ui_video_player(struct ui *u, const struct alarm *al, const char *camera, const char *channel);
/* map_view.c: a claimed alarm's camera nearest its zone opens by itself
 * (003 7.2.5), on the map pane; where the layout has none, the map opens
 * with the first picture (a dead camera is said on the message line and
 * covers nothing). */
void ui_map_claimed(struct ui *u, const struct alarm *al);
/* Whether the layout shows the map pane without it having the keys. */
bool ui_map_pane_shown(void);

/* steps.c: the workflow keys on the selected alarm. */
bool ui_step_key(struct ui *u, const struct alarm *al, wint_t ch, bool fkey);
void ui_step_hint(const struct ui *u, const struct alarm *al, char *buf, size_t len);

/* act.c: sends an op, saying on the message line why when it cannot go;
 * why keys that change alarms are refused now (translated), "" when not. */
void ui_send(struct ui *u, const struct alarm *al, enum proto_action action, const char *text,
	     int code);
const char *ui_read_only_text(const struct ui *u, char *buf, size_t len);
/* focus.c: the message line. */
void ui_message(struct ui *u, bool bad, const char *text);

/* modal_view.c: choices, notes and the forward checklist (each opens the
 * modal view). */
void ui_choice_result(struct ui *u, const struct alarm *al, bool field);
void ui_choice_close(struct ui *u, const struct alarm *al);
void ui_choice_hold(struct ui *u, const struct alarm *al);
void ui_choice_test(struct ui *u, const struct alarm *al); /* the site on test or off */
void ui_checklist_open(struct ui *u, const struct alarm *al);
void ui_note_open(struct ui *u, const struct alarm *al);
/* A supervisor's permission to hold al although it is overdue: its reason. */
void ui_permit_open(struct ui *u, const struct alarm *al);
/* control_view.c: a remote control of al's site's device in two steps
 * (what and why, then yes); the controls in words. */
void ui_control_open(struct ui *u, const struct alarm *al);
const char *ui_control_label(int cmd);
/* A line of text that Enter sends as op action with code, asked by title;
 * an empty line is refused (the words are what is recorded). */
void ui_note_ask(struct ui *u, const struct alarm *al, enum proto_action action, int code,
		 const char *title);
/* About no alarm: a numbered choice (then its rows), and a line of text;
 * asked(text NULL) when cancelled. */
void ui_choice_ask(struct ui *u, const char *title, void (*asked)(struct ui *u, int code, const char *text));
void ui_text_ask(struct ui *u, const char *title, void (*asked)(struct ui *u, const char *text));
/* A numbered choice of action on al (modal_view.c): begun, then its rows. */
void ui_choice_begin(struct ui *u, const struct alarm *al, enum proto_action action,
		     const char *title);
void ui_choice_add(struct ui *u, const char *label, int code, const char *text);

/* call_view.c: the call list of al (contacts, then the police station),
 * a view of its own; a call's timeline entry in words. */
void ui_call_open(struct ui *u, const struct alarm *al);
void ui_call_words(const struct alarm *al, const struct alarm_entry *e, char *buf, size_t len);
/* plan_view.c: the alarm's response plan (L), its steps ticked with what
 * came of them; step i of it as one line with its attribute (the detail
 * shows the same lines); the number of the first open mandatory step. */
void ui_plan_open(struct ui *u, const struct alarm *al);
int ui_plan_line(const struct alarm *al, const struct app_plan *plan, int i, char *buf,
		 size_t len);
/* room_view.c: for a supervisor, when no operator is connected, how many
 * alarms nobody holds (their classes in buf); else 0. */
int ui_unattended(const struct ui *u, char *buf, size_t len);
/* autolog.c: a supervisor's bulk log of al's kind of fault (Z). */
void ui_autolog_open(struct ui *u, const struct alarm *al);
/* dispatch.c: the unit to dispatch (from the data set's list); a departure
 * or arrival, questioned when implausibly soon; the field report. */
void ui_dispatch_open(struct ui *u, const struct alarm *al);
void ui_field_step(struct ui *u, const struct alarm *al, enum proto_action action);
void ui_report_open(struct ui *u, const struct alarm *al);
/* site_view.c: the site card page asks for al's site (NULL: the operator
 * says which); its keys (true: taken). */
void ui_site_ask(struct ui *u, const struct alarm *al);
bool ui_site_key(struct ui *u, wint_t ch, bool fkey);
/* orders_view.c: the work orders page's keys (true: taken). */
bool ui_orders_key(struct ui *u, wint_t ch, bool fkey);
/* refusal.c: the center's refusal msg in the operator's language. */
void ui_refusal_words(const char *msg, char *out, size_t len);
/* search_view.c: the search line (/) that filters the queue as it is
 * typed; clearing the filter. */
void ui_search_open(struct ui *u);
void ui_search_clear(struct ui *u);
/* shown.c: whether the queue shows al (the filter), how many it shows, the
 * place of book index i among them (the next shown one's when i is not
 * shown), and the book index at place pos (-1: none). Without a filter:
 * every alarm, and places are book indexes. */
bool ui_shown(const struct ui *u, const struct alarm *al);
bool ui_shown_index(const struct ui *u, size_t k); /* the alarm at book index k */
/* The group of al's site, NULL when groups are not counted; counted again
 * after ui_shown_stale (the book or the filter changed); released; the
 * site of al expanded or collapsed (e). */
const struct ui_group *ui_group_of(const struct ui *u, const struct alarm *al);
void ui_shown_stale(struct ui *u);
void ui_shown_release(struct ui *u);
void ui_expand_toggle(struct ui *u, const struct alarm *al);
long ui_shown_count(const struct ui *u);
long ui_shown_place(const struct ui *u, long i);
long ui_shown_at(const struct ui *u, long pos);
/* edit.c: one key of a one-line editor over buf: 1 on Enter, -1 on Esc,
 * else 0; the text kept sanitised and cut at whole UTF-8 characters. */
int ui_edit_line(char *buf, size_t size, wint_t ch, bool fkey);
/* timeline.c: whether a label ends in a full-width colon (which has its
 * space: no blank follows it); timeline entry e of al as one line ("19:03:40  op1  note: …"). */
bool ui_full_colon(const char *s);
void ui_timeline_entry(const struct ui *u, const struct alarm *al, const struct alarm_entry *e,
		       char *buf, size_t len);

/* Writes s at (y, x) clipped and padded to exactly `cols` display columns. */
void ui_put(int y, int x, const char *s, int cols, attr_t attr);
/* True when al's center is unreachable: its state and clocks on screen are
 * the last known, perhaps no longer the center's (shown as stale). */
bool ui_stale(const struct ui *u, const struct alarm *al);
/* A popup's frame: h rows of w columns in reverse video, with a border. */
void ui_box(int y, int x, int h, int w);
/* A table cell: s in cols-1 columns, then one column of space. */
void ui_cell(int y, int x, const char *s, int cols, attr_t attr);
/* Like ui_put with printf formatting. */
void ui_putf(int y, int x, int cols, attr_t attr, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

attr_t ui_prio_attr(const struct ui *u, int priority);
const char *ui_class_label(enum alarm_class c);
const char *ui_channel_label(enum alarm_channel c);
const char *ui_state_label(enum alarm_state s);
const char *ui_method_label(enum flow_method m);
const char *ui_clock_label(enum flow_clock c);
/* "0:45" left, "+1:05" over (ms < 0). */
void ui_span(char *buf, size_t len, int64_t ms);
attr_t ui_clock_attr(const struct ui *u, enum flow_clock_status st);
/* The running clock with the least time left (*which = -1 when none). */
enum flow_clock_status ui_urgent_clock(const struct alarm *a, int64_t now, int *which,
				       int64_t *left);
/* "12s", "3m05s", "1h02m" */
void ui_age(char *buf, size_t len, int64_t ms);
/* Local "HH:MM:SS" of a wall-clock ms time. */
void ui_clock(char *buf, size_t len, int64_t ms);

#endif
