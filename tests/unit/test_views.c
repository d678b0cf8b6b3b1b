/* Snapshot tests of the views: each scene is drawn by the real views into
 * curses' in-memory screen (a terminal on /dev/null: nothing is shown), read
 * back cell by cell and compared with its golden file in tests/golden/views/
 * at 80×24, 140×45 and 200×50, in English and Chinese. The scenes are built
 * from the demo data set with a fixed clock, through the same picture
 * (app/view.h) a console fills; no console runs.
 *
 * A golden file holds the screen's text, then its styles, one character per
 * cell: ' ' plain, 1-9 a colour pair, b bold, r reverse, d dim, B bold and
 * reverse, x another mix. A changed screen fails with the first row that
 * differs; tests/golden/regen.sh rewrites the files on purpose
 * (AD_GOLDEN_UPDATE=1), never this test on its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../../app/app-int.h"
#include "../../app/i18n.h"
#include "../../common/sites.h"
#include "../../ui/ui-int.h"

#define NOW_MS 1796094000000LL /* 2026-12-01 03:00:00 UTC, the small hours */
#define GOLDEN_DIR "tests/golden/views"
#ifndef AD_TEST_LOCALEDIR
#define AD_TEST_LOCALEDIR "build/locale" /* the catalogs the build made */
#endif

static struct sites sites;
static struct console core;
static struct config cfg;
static struct app_plan plans[APP_MAX_PLANS];
static struct app_code causes[APP_MAX_CODES];
static int nplans, ncauses;
static const struct app_room room[] = {
	{"op1", "desk-1", PROTO_ROLE_OPERATOR, NOW_MS - 3 * 3600000, 0},
	{"张伟", "desk-2", PROTO_ROLE_OPERATOR, NOW_MS - 7 * 3600000, 0},
	{"boss", "desk-9", PROTO_ROLE_SUPERVISOR, NOW_MS - 600000, 0},
};

static uint64_t no_effects(void *ctx, const struct console_fx *fx)
{
	return 0;
}

static void step(struct alarm *al, enum flow_event ev, int64_t at, enum flow_method m,
		 enum flow_verdict v)
{
	struct flow_input in = {.ev = ev, .now_ms = at, .method = m, .verdict = v};
	struct flow_result res;

	assert_int_equal(flow_apply(al, &in, &res), FLOW_OK);
}

/* An alarm of the i-th demo site at its first zone, received ago_s seconds
 * before now, taken through the steps up to `until` by op (NULL: nobody). */
static void add(int site, const char *id, const char *code, int ago_s, const char *op,
		enum alarm_state until)
{
	const struct site *st = &sites.v[site];
	struct alarm al;
	struct alarm_entry tl[ALARM_MAX_TIMELINE];
	int64_t at = NOW_MS - ago_s * 1000LL;

	site_make_alarm(&sites, st, st->nzones ? st->zones[0].no : 0, code, ALARM_CHANNEL_IP, &al);
	al.id = id;
	al.received_ms = al.occurred_ms = at;
	al.state_ms = at;
	flow_start(&al, at);
	if (op) {
		al.claimed_by = op;
		step(&al, FLOW_EV_CLAIM, at + 5000, 0, 0);
		alarm_log(&al, &(struct alarm_entry){at + 5000, "claim", op, "", 0}, tl);
	}
	if (until >= ALARM_ST_REVIEWING && until != ALARM_ST_WORK_ORDER) {
		step(&al, FLOW_EV_REVIEW, at + 9000, FLOW_METHOD_VIDEO, 0);
		alarm_log(&al, &(struct alarm_entry){at + 9000, "review", op, "video", 0}, tl);
	}
	if (strcmp(id, "A-2") == 0) { /* a call nobody took, and a note */
		alarm_log(&al, &(struct alarm_entry){at + 20000, "call", op, "busy", 0}, tl);
		alarm_log(&al, &(struct alarm_entry){at + 40000, "note", op, "门卫说是保洁员", 0}, tl);
	}
	if (until >= ALARM_ST_INCIDENT && until != ALARM_ST_WORK_ORDER)
		step(&al, FLOW_EV_RESULT, at + 30000, 0, FLOW_VERDICT_REAL);
	if (until >= ALARM_ST_FORWARDING && until != ALARM_ST_WORK_ORDER)
		step(&al, FLOW_EV_FORWARD, at + 35000, 0, 0);
	assert_int_equal(al.state, until);
	assert_int_equal(book_add(core.book, &al), BOOK_ADDED);
}

static int setup(void **state)
{
	char err[300];
	const char *names[] = {"demo"};
	int nlinks[] = {1};
	struct proto_code_item items[APP_MAX_CODES];

	setenv("TZ", "UTC", 1);
	if (sites_load(&sites, "data/demo", err, sizeof err))
		return fprintf(stderr, "%s\n", err), -1;
	config_defaults(&cfg);
	snprintf(cfg.operator_, sizeof cfg.operator_, "op1");
	snprintf(cfg.console_id, sizeof cfg.console_id, "desk-1");
	snprintf(cfg.maps_dir, sizeof cfg.maps_dir, "data/maps");
	if (console_init(&core, 1000, 1, names, nlinks, "t", (struct console_sink){no_effects, NULL}))
		return -1;
	for (size_t i = 0; i < proto_plans_count(sites.plans_msg) && nplans < APP_MAX_PLANS; i++) {
		struct proto_plan p;
		if (proto_plans_get(sites.plans_msg, i, &p, err, sizeof err) == 0)
			app__plan_copy(&plans[nplans++], &p);
	}
	ncauses = proto_plans_codes(sites.plans_msg, "causes", items, APP_MAX_CODES, err, sizeof err);
	for (int i = 0; i < ncauses; i++) {
		causes[i].code = items[i].code;
		snprintf(causes[i].text, sizeof causes[i].text, "%s", items[i].text);
	}
	/* A night's queue: a panic nobody holds, a burglary under review, an
	 * incident being forwarded, a fire overdue, a fault and a test. */
	add(0, "A-1", "120", 20, NULL, ALARM_ST_NEW);
	add(1, "A-2", "130", 95, "op1", ALARM_ST_REVIEWING);
	add(2, "A-3", "130", 240, "op1", ALARM_ST_FORWARDING);
	add(3, "A-4", "110", 400, "张伟", ALARM_ST_CLAIMED);
	add(4, "A-5", "301", 1800, NULL, ALARM_ST_NEW);
	add(5, "A-6", "602", 3600, NULL, ALARM_ST_NEW);
	console_restore(&core, 0, PROTO_ACT_CLAIM, "t-9", "A-5", "", 0);
	snprintf(core.unrestored[0].cust_id, sizeof core.unrestored[0].cust_id, "%s",
		 sites.v[6].tmpl.cust_id);
	snprintf(core.unrestored[0].device, sizeof core.unrestored[0].device, "报警主机");
	core.unrestored[0].state = PROTO_DEV_OFFLINE;
	core.unrestored[0].since_ms = NOW_MS - 1500000;
	core.nunrestored = 1;
	{
		/* The burglary's site was armed at 02:30 by user 3. */
		struct console_msg m = {.kind = CONSOLE_ARM, .frame = "", .text = "armed",
					.code = 1, .cust_id = book_find(core.book, "A-2")->cust_id,
					.device = "3", .partition = 1, .at_ms = NOW_MS - 1800000};
		console_apply(&core, 0, &m);
	}
	{
		/* The test report's site is on test with installers until 04:30,
		 * and sent two test signals. */
		const char *site = book_find(core.book, "A-6")->cust_id;
		struct console_msg m = {.kind = CONSOLE_TEST, .frame = "", .text = "on",
					.code = PROTO_TEST_ON, .cust_id = site, .device = "op1",
					.reason = "安装调试", .at_ms = NOW_MS - 1200000,
					.until_ms = NOW_MS + 3600000};
		struct console_msg g = {.kind = CONSOLE_SIGNAL, .frame = "", .text = "signal",
					.code = 1, .cust_id = site, .reason = "130", .partition = 3,
					.at_ms = NOW_MS - 600000};
		console_apply(&core, 0, &m);
		console_apply(&core, 0, &g);
		g.reason = "301";
		g.partition = 0;
		g.at_ms = NOW_MS - 300000;
		console_apply(&core, 0, &g);
	}
	return 0;
}

static int teardown(void **state)
{
	console_release(&core);
	sites_release(&sites);
	return 0;
}

static void picture(struct app_view *v, enum proto_role role)
{
	memset(v, 0, sizeof *v);
	v->now_ms = NOW_MS;
	v->wall_ms = NOW_MS;
	v->cfg = &cfg;
	v->role = role;
	v->mode = APP_MODE_LIVE;
	v->read_only = role == PROTO_ROLE_SUPERVISOR ? "supervisor" : NULL;
	v->journal_err = "";
	v->journal_open = true;
	v->journal_rows = 1234;
	v->book = core.book;
	v->core = &core;
	v->ncenters = 1;
	v->centers[0] = (struct app_view_center){.name = "华东报警中心", .state = LINK_UP,
						 .why = "connected", .skew_ms = 120, .has_skew = true,
						 .nlinks = 1, .links = {{LINK_UP, 2000}}};
	v->plans = plans;
	v->nplans = nplans;
	v->causes = causes;
	v->ncauses = ncauses;
	v->room = room;
	v->nroom = role == PROTO_ROLE_SUPERVISOR ? 3 : 0;
	v->audio_off = "no sound device";
}

/* Puts the scene's views on the focus stack. */
typedef void (*scene_fn)(struct ui *u);

static void scene_queue(struct ui *u)
{
	u->sel = (long)book_index_of(u->v->book, "A-2"); /* the burglary under review */
}

static void scene_help(struct ui *u)
{
	ui_focus_open(u, &ui_help_view);
}

static void scene_checklist(struct ui *u)
{
	u->sel = (long)book_index_of(u->v->book, "A-3");
	ui_checklist_open(u, book_find(u->v->book, "A-3"));
}

static void scene_map(struct ui *u)
{
	u->sel = (long)book_index_of(u->v->book, "A-1");
	ui_focus_open(u, &ui_map_view);
}

static void scene_page(struct ui *u, enum ui_page p)
{
	u->page = p;
	ui_focus_open(u, &ui_page_view);
}

static void scene_handover(struct ui *u)
{
	scene_page(u, UI_PAGE_HANDOVER);
}

static void scene_overdue(struct ui *u)
{
	scene_page(u, UI_PAGE_OVERDUE);
}

static void scene_room(struct ui *u)
{
	scene_page(u, UI_PAGE_ROOM);
}

static void scene_sites(struct ui *u)
{
	scene_page(u, UI_PAGE_SITES);
}

static void scene_on_test(struct ui *u)
{
	u->sel = (long)book_index_of(u->v->book, "A-6"); /* its site is on test */
}

/* The call list of the alarm under review, its first contact busy. */
static void scene_call(struct ui *u)
{
	u->sel = (long)book_index_of(u->v->book, "A-2");
	ui_call_open(u, book_find(u->v->book, "A-2"));
}

/* The detail scrolled to its end: the plan and the timeline. */
static void scene_detail_end(struct ui *u)
{
	u->sel = (long)book_index_of(u->v->book, "A-2");
	u->detail_top = 1000;
}

/* The queue filtered by a community's name: the status bar says so and
 * warns of the unclaimed P1/P2 alarms it hides. */
static void scene_filter(struct ui *u)
{
	char err[100];

	snprintf(u->query, sizeof u->query, "锦绣");
	assert_int_equal(filter_parse(u->query, NULL, &u->filter, err, sizeof err), 0);
}

static void scene_test_choice(struct ui *u)
{
	u->sel = (long)book_index_of(u->v->book, "A-1");
	ui_choice_test(u, book_find(u->v->book, "A-1"));
}

static char style(attr_t a, short pair)
{
	a &= A_BOLD | A_REVERSE | A_DIM | A_BLINK | A_UNDERLINE;
	if (a == 0)
		return pair > 0 && pair < 10 ? (char)('0' + pair) : ' ';
	return a == A_BOLD ? 'b' : a == A_REVERSE ? 'r' : a == A_DIM ? 'd'
	       : a == (A_BOLD | A_REVERSE)        ? 'B'
						  : 'x';
}

/* The screen as text, then as styles (trailing blanks cut). */
static char *dump(int h, int w)
{
	size_t cap = (size_t)h * ((size_t)w * 4 + 2) * 2 + 64, n = 0;
	char *out = malloc(cap);

	assert_non_null(out);
	for (int pass = 0; pass < 2; pass++) {
		n += (size_t)snprintf(out + n, cap - n, pass ? "-- styles\n" : "");
		for (int y = 0; y < h; y++) {
			size_t start = n, keep = n;
			for (int x = 0; x < w; x++) {
				cchar_t cc;
				wchar_t wc[CCHARW_MAX + 1] = {0};
				attr_t at;
				short pair;
				char mb[MB_LEN_MAX];
				int cw;
				mvin_wch(y, x, &cc);
				getcchar(&cc, wc, &at, &pair, NULL);
				cw = wc[0] ? wcwidth(wc[0]) : 1;
				if (pass) {
					out[n++] = style(at, pair);
				} else {
					/* Line drawing as the terminal shows it. */
					wchar_t ch = !(at & A_ALTCHARSET) ? wc[0]
						     : wc[0] == 'q'        ? L'─'
						     : wc[0] == 'x'        ? L'│'
									   : wc[0];
					int k = wctomb(mb, ch ? ch : L' ');
					memcpy(out + n, mb, k > 0 ? (size_t)k : 0);
					n += k > 0 ? (size_t)k : 0;
				}
				if (out[n - 1] != ' ')
					keep = n;
				if (cw == 2) {
					x++; /* the second column of a wide character */
					if (pass)
						out[n++] = style(at, pair), keep = n;
				}
			}
			n = keep > start ? keep : start;
			out[n++] = '\n';
		}
	}
	out[n] = '\0';
	return out;
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	buf[fread(buf, 1, (size_t)len, f)] = '\0';
	fclose(f);
	return buf;
}

/* Fails with the first row that differs from the golden file. */
static void compare(const char *path, const char *got)
{
	char *want = read_all(path);
	const char *g = got, *w = want;
	int row = 1;

	if (getenv("AD_GOLDEN_UPDATE")) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fputs(got, f);
		fclose(f);
		free(want);
		return;
	}
	if (want == NULL)
		fail_msg("%s is missing: run tests/golden/regen.sh and review the new file", path);
	while (*g && *g == *w) {
		row += *g == '\n';
		g++, w++;
	}
	if (*g || *w) {
		const char *ge;
		print_error("%s: line %d differs\n", path, row);
		while (g > got && g[-1] != '\n')
			g--;
		while (w > want && w[-1] != '\n')
			w--;
		ge = strchr(g, '\n');
		print_error("  got:  %.*s\n", ge ? (int)(ge - g) : (int)strlen(g), g);
		ge = strchr(w, '\n');
		print_error("  want: %.*s\n", ge ? (int)(ge - w) : (int)strlen(w), w);
		free(want);
		fail_msg("the screen changed: if on purpose, run tests/golden/regen.sh");
	}
	free(want);
}

static void render(const char *name, scene_fn scene, enum proto_role role, const char *lang)
{
	static const int sizes[][2] = {{24, 80}, {45, 140}, {50, 200}};
	struct app_view v;
	struct ui *u = calloc(1, sizeof *u);

	assert_non_null(u);
	picture(&v, role);
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		char path[256], *got;
		int h = sizes[i][0], w = sizes[i][1];
		ui_init_state(u, NULL, &v, false);
		u->colors = has_colors();
		resize_term(h, w);
		erase();
		scene(u);
		ui_draw(u);
		got = dump(h, w);
		snprintf(path, sizeof path, "%s/%s-%s-%dx%d.txt", GOLDEN_DIR, name, lang, w, h);
		compare(path, got);
		free(got);
		ui_release_state(u);
	}
	free(u);
}

static const struct {
	const char *name;
	scene_fn fn;
	enum proto_role role;
} scenes[] = {
	{"queue", scene_queue, PROTO_ROLE_OPERATOR},
	{"help", scene_help, PROTO_ROLE_OPERATOR},
	{"checklist", scene_checklist, PROTO_ROLE_OPERATOR},
	{"map", scene_map, PROTO_ROLE_OPERATOR},
	{"handover", scene_handover, PROTO_ROLE_OPERATOR},
	{"overdue", scene_overdue, PROTO_ROLE_OPERATOR},
	{"room", scene_room, PROTO_ROLE_SUPERVISOR},
	{"sites", scene_sites, PROTO_ROLE_OPERATOR},
	{"on-test", scene_on_test, PROTO_ROLE_OPERATOR},
	{"test-choice", scene_test_choice, PROTO_ROLE_OPERATOR},
	{"call", scene_call, PROTO_ROLE_OPERATOR},
	{"filter", scene_filter, PROTO_ROLE_OPERATOR},
	{"detail-end", scene_detail_end, PROTO_ROLE_OPERATOR},
	{"help-supervisor", scene_help, PROTO_ROLE_SUPERVISOR},
};

static void all_scenes(const char *lang)
{
	FILE *nul_out = fopen("/dev/null", "w"), *nul_in = fopen("/dev/null", "r");
	SCREEN *scr;

	assert_non_null(nul_out);
	setlocale(LC_ALL, "C.UTF-8");
	i18n_init(lang, AD_TEST_LOCALEDIR);
	scr = newterm("xterm-256color", nul_out, nul_in);
	assert_non_null(scr);
	set_term(scr);
	start_color();
	use_default_colors();
	for (short p = 1; p <= UI_PAIR_OVER; p++)
		init_pair(p, COLOR_WHITE, COLOR_BLUE);
	for (size_t i = 0; i < sizeof scenes / sizeof *scenes; i++)
		render(scenes[i].name, scenes[i].fn, scenes[i].role, lang);
	endwin();
	delscreen(scr);
	fclose(nul_out);
	fclose(nul_in);
}

static void views_en(void **state)
{
	all_scenes("en");
}

static void views_zh(void **state)
{
	all_scenes("zh");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(views_en),
		cmocka_unit_test(views_zh),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
