/* ui-int.h — what the views share: the UI state, drawing helpers and the
 * view table. Private to ui/. */
#ifndef UI_INT_H
#define UI_INT_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "../app/app.h"
#include "../app/core/flow.h"
#include "../app/mapstore.h"

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

enum ui_modal { UI_MODAL_NONE, UI_MODAL_CHOICE, UI_MODAL_CHECKLIST, UI_MODAL_NOTE };

#define UI_CHOICES 12
struct ui_choice {
	char title[160];
	char id[64]; /* the alarm */
	enum proto_action action;
	int n;
	char label[UI_CHOICES][160];
	int code[UI_CHOICES];
	char text[UI_CHOICES][16];
};

struct ui_checklist {
	char id[64];
	int cursor;
	char receiver[128];
	bool editing; /* typing the receiver's name/badge */
};

struct ui_note {
	char id[64];
	char text[240];
};

/* The map pane's state; it resets to the alarm's own level and nearest
 * camera whenever another alarm is selected. */
struct ui_map {
	bool on;           /* the map has the keys (full screen, or beside the queue) */
	bool overview;     /* the district instead of the site plan */
	char for_id[64];   /* the alarm the state below belongs to */
	int level;         /* a level the operator switched to, -1 = the alarm's */
	int cam;           /* camera cursor */
	double zoom;       /* overview: cells per km */
	double pan_x, pan_y; /* overview: km east and north of the alarm */
};

/* What the body of the screen shows: the queue with the detail (and map),
 * or one of the full pages (supervisors' room, overdue list and figures;
 * everyone's shift handover). */
enum ui_page { UI_PAGE_QUEUE, UI_PAGE_ROOM, UI_PAGE_OVERDUE, UI_PAGE_FIGURES, UI_PAGE_HANDOVER };

struct ui {
	struct app *a;
	enum ui_page page;
	int64_t fig_span_ms, fig_end_ms; /* the figures' period: its length and end (0 = now) */
	struct mapstore maps;
	struct ui_map map;
	enum ui_modal modal;
	struct ui_choice choice;
	struct ui_checklist check;
	struct ui_note note;
	bool flash;       /* flashing allowed (--no-flash turns it off) */
	bool flash_on;    /* current phase of the flash timer */
	bool help;
	bool quit_confirm;
	bool colors;
	char sel_id[64];  /* the selected alarm, followed across reorders */
	long sel;
	long top;
	char msg[300];
	bool msg_bad;
	int64_t msg_at;
};

/* A view draws itself inside a rectangle of stdscr. */
struct ui_view {
	const char *name;
	void (*draw)(struct ui *u, int y, int x, int h, int w);
};

extern const struct ui_view ui_queue_view, ui_detail_view, ui_status_view, ui_help_view,
	ui_title_view, ui_modal_view, ui_map_view, ui_room_view, ui_overdue_view, ui_figures_view,
	ui_handover_view;

/* pages.c: R O F H switch pages (Esc back to the queue), B a supervisor's
 * notice, and each page's own keys. False when the key is not theirs. */
bool ui_page_key(struct ui *u, wint_t ch, bool fkey);
/* Replay's and training's own keys (pages.c). */
bool ui_mode_key(struct ui *u, wint_t ch, bool fkey);
/* Opens the notice editor (supervisors). */
void ui_notice_open(struct ui *u);

/* map_view.c: m toggles the map; while it is on, its keys (Tab, [ ], arrows,
 * Enter on a camera, + -). False when the key is not the map's. */
bool ui_map_key(struct ui *u, wint_t ch, bool fkey);

/* The alarm the banner names: the most urgent one nobody holds, or NULL. */
const struct alarm *ui_banner_alarm(const struct ui *u);

/* steps.c: the workflow keys on the selected alarm. */
bool ui_step_key(struct ui *u, const struct alarm *al, wint_t ch, bool fkey);
void ui_step_hint(const struct ui *u, const struct alarm *al, char *buf, size_t len);
/* Sends an op, saying on the message line why when it cannot go. */
/* Why keys that change alarms are refused now (translated), "" when not. */
const char *ui_read_only_text(const struct ui *u, char *buf, size_t len);
void ui_send(struct ui *u, const struct alarm *al, enum proto_action action, const char *text,
	     int code);
void ui_message(struct ui *u, bool bad, const char *text);

/* modal_view.c: choices and the forward checklist. */
void ui_choice_result(struct ui *u, const struct alarm *al, bool field);
void ui_choice_close(struct ui *u, const struct alarm *al);
void ui_choice_hold(struct ui *u, const struct alarm *al);
void ui_checklist_open(struct ui *u, const struct alarm *al);
void ui_note_open(struct ui *u, const struct alarm *al);
bool ui_modal_key(struct ui *u, wint_t ch, bool fkey);

/* Writes s at (y, x) clipped and padded to exactly `cols` display columns. */
void ui_put(int y, int x, const char *s, int cols, attr_t attr);
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
