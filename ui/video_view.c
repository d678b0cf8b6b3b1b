/* video_view.c — the camera's picture in the terminal, for the review of
 * the alarm it was opened for: drawn where the site plan is (or over the
 * whole body, V), in the colours the terminal has; a status line says
 * which camera, how fresh, or what is wrong with it. Frames live in memory
 * only; the journal says which camera was viewed, from when to when. The
 * pictures a second are capped by [video] fps and by the terminal budget
 * ([video] budget_kbs), estimated from the cells that change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../app/core/text.h"
#include "../app/i18n.h"
#include "ui-int.h"

/* What one changed cell costs on the wire, about: its symbol (3 bytes of
 * UTF-8) and a share of the colour sequences and cursor moves ncurses sends
 * (neighbours often share colours). An estimate, not a count: make bench
 * measures what is sent (5.8 KB a 140x45 picture at 256 colours, 15 a
 * second: 88 KB/s); 16 bytes a cell held that picture to 13.9 a second. */
static int cell_bytes(enum picture_mode m)
{
	switch (m) {
	case PICTURE_MONO: return 1;
	case PICTURE_8:
	case PICTURE_16: return 6;
	case PICTURE_256: return 8;
	case PICTURE_TRUECOLOR: break;
	}
	return 20;
}

static enum picture_mode terminal_mode(const struct ui *u)
{
	if (!u->colors)
		return PICTURE_MONO;
	if (COLORS >= 0x1000000)
		return PICTURE_TRUECOLOR;
	if (COLORS >= 256)
		return PICTURE_256;
	return COLORS >= 16 ? PICTURE_16 : PICTURE_8;
}

/* What a failed source says, translated: the phrase, then FFmpeg's words. */
static void failure_words(const struct vsource_info *in, char *buf, size_t len)
{
	const char *tab = strchr(in->why, '\t');
	char what[160];

	snprintf(what, sizeof what, "%.*s", tab ? (int)(tab - in->why) : (int)strlen(in->why),
		 in->why);
	snprintf(buf, len, "%s%s%s", _(what), tab ? ": " : "", tab ? tab + 1 : "");
}

/* A new picture or state. A claim's camera not on screen yet: its first
 * picture brings up the map; its failure is said and it stops. */
static void changed_cb(void *ctx)
{
	struct ui *u = ctx;
	struct vsource_info in;

	ui_dirty(u);
	if (!u->video.pending || u->video.src == NULL)
		return;
	in = u->video.lib->peek(u->video.src);
	if (in.state == VSOURCE_PLAYING) {
		void (*bring_up)(struct ui *u) = u->video.pending;
		u->video.pending = NULL;
		bring_up(u);
	} else if (in.state == VSOURCE_FAILED) {
		char words[300], line[500];
		failure_words(&in, words, sizeof words);
		snprintf(line, sizeof line, _("%s  camera unavailable: %s"), u->video.camera, words);
		ui_video_close(u);
		ui_message(u, true, line);
	}
}

bool ui_video_on(const struct ui *u, const struct alarm *al)
{
	return u->video.src && al && strcmp(u->video.for_id, al->id) == 0;
}

static void clock_text(int64_t ms, char *buf, size_t len)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%H:%M:%S", &tm);
}

void ui_video_close(struct ui *u)
{
	char from[16], to[16], detail[600];

	if (u->video.src == NULL)
		return;
	clock_text(u->video.from_ms, from, sizeof from);
	clock_text(u->v->wall_ms, to, sizeof to);
	snprintf(detail, sizeof detail, "%s %s %s-%s (%lld s)", u->video.camera, u->video.shown,
		 from, to, (long long)((u->v->wall_ms - u->video.from_ms + 500) / 1000));
	app_journal(u->a, u->video.for_id, u->video.images ? "images.view" : "camera.view", detail);
	u->video.images = false;
	u->video.lib->close(u->video.src);
	u->video.src = NULL;
	u->video.full = false;
	u->video.pending = NULL;
	u->video.lib->release(&u->video.pic);
	u->video.seq = 0;
}

/* The pictures' module, loaded on the first picture (video/module.h);
 * false when it cannot be, said on the message line. */
static bool load(struct ui *u)
{
	char why[600], line[700];

	if ((u->video.lib = video_lib(why, sizeof why)) != NULL)
		return true;
	snprintf(line, sizeof line, _("the camera's picture cannot start: %s"), why);
	ui_message(u, true, line);
	return false;
}

/* The address to open (with its login) and to show; false when there is
 * none, said on the message line. */
static bool address(struct ui *u, const char *camera, const char *channel, char *url,
		    size_t urllen, char *shown, size_t shownlen)
{
	char line[600];

	if (video_address(&u->v->cfg->video_rules, channel, url, urllen, shown, shownlen) == 0)
		return true;
	snprintf(line, sizeof line, _("Camera %s: %s"), camera, _(shown));
	ui_message(u, true, line);
	return false;
}

void ui_video_open(struct ui *u, const struct alarm *al, const char *camera, const char *channel)
{
	const struct config *cfg = u->v->cfg;
	char url[800], shown[400], detail[600];

	if (!address(u, camera, channel, url, sizeof url, shown, sizeof shown))
		return;
	ui_video_close(u);
	snprintf(detail, sizeof detail, "%s %s", camera, shown);
	app_journal(u->a, al->id, "camera.open", detail);
	if (!cfg->video) {
		/* Pictures turned off: the address, for a video client. */
		snprintf(detail, sizeof detail, _("Camera opened: %s  %s"), camera, shown);
		ui_message(u, false, detail);
		return;
	}
	if (!load(u))
		return;
	if ((u->video.src = u->video.lib->open(u->v->loop, url, changed_cb, u)) == NULL) {
		ui_message(u, true, _("the camera's picture cannot start (no thread)"));
		return;
	}
	snprintf(u->video.for_id, sizeof u->video.for_id, "%s", al->id);
	snprintf(u->video.camera, sizeof u->video.camera, "%s", camera);
	snprintf(u->video.shown, sizeof u->video.shown, "%s", shown);
	u->video.from_ms = u->v->wall_ms;
	u->video.fps = cfg->video_fps;
	memset(&u->video.info, 0, sizeof u->video.info);
	snprintf(detail, sizeof detail, _("Camera opened: %s  %s"), camera, shown);
	ui_message(u, false, detail);
}

/* After a picture went on screen: the pictures a second that keep the
 * terminal within its budget at this much change. */
static void pace(struct ui *u, int changed)
{
	const struct config *cfg = u->v->cfg;
	long per_pic = (long)changed * cell_bytes(u->video.pic.mode) + 64;
	long fps = (long)cfg->video_budget_kbs * 1024 / per_pic;

	if (fps > cfg->video_fps)
		fps = cfg->video_fps;
	if (fps < 1)
		fps = 1;
	u->video.fps = (int)fps;
}

static void blit(const struct ui *u, const struct picture *p, int y, int x)
{
	for (int r = 0; r < p->rows; r++)
		for (int c = 0; c < p->cols; c++) {
			const struct picture_cell *pc = &p->cells[r * p->cols + c];
			wchar_t wc[2] = {(wchar_t)(pc->cp ? pc->cp : ' '), 0};
			int pair = 0;
			cchar_t cc;
			if (p->mode != PICTURE_MONO) {
				pair = alloc_pair(pc->fg, pc->bg);
				if (pair < 0)
					pair = 0;
			}
			setcchar(&cc, wc, A_NORMAL, 0, &pair);
			mvadd_wch(y + r, x + c, &cc);
		}
}

void ui_video_draw(struct ui *u, int y, int x, int h, int w)
{
	struct vsource_info *in = &u->video.info;
	struct picture fresh = {0};
	uint64_t seq = u->video.seq;
	char line[600];
	int cols, rows;

	if (u->video.src == NULL || h < 2 || w < 8)
		return;
	u->video.lib->want(u->video.src, w, h - 1, terminal_mode(u), u->video.fps);
	*in = u->video.lib->take(u->video.src, &fresh, &seq);
	if (seq != u->video.seq) {
		pace(u, u->video.lib->changed(&u->video.pic, &fresh));
		u->video.lib->release(&u->video.pic);
		u->video.pic = fresh;
		u->video.seq = seq;
		u->video.shown_n++;
	} else {
		u->video.lib->release(&fresh);
	}
	if (u->video.images && in->state != VSOURCE_FAILED) {
		char at[16];
		clock_text(in->at_ms, at, sizeof at);
		snprintf(line, sizeof line, _("Images of the alarm %d/%d  taken %s.%03d  ←→ one · Space %s · Esc close"),
			 in->index + 1, in->count, at, (int)(in->at_ms % 1000),
			 in->playing ? _("pause") : _("play"));
	} else switch (in->state) {
	case VSOURCE_CONNECTING:
		snprintf(line, sizeof line, _("%s  connecting to %s…"), u->video.camera, u->video.shown);
		break;
	case VSOURCE_PLAYING:
		snprintf(line, sizeof line, _("%s  %s  %dx%d, %s, at most %d a second  Esc stop · V full screen"),
			 u->video.camera, u->video.shown, in->px_w, in->px_h,
			 in->still ? _("snapshots") : _("video"), u->video.fps);
		break;
	case VSOURCE_FAILED: {
		char words[300];
		failure_words(in, words, sizeof words);
		snprintf(line, sizeof line, _("%s  camera unavailable: %s (trying again)"),
			 u->video.camera, words);
		break;
	}
	}
	ui_put(y, x, line, w, in->state == VSOURCE_FAILED ? (u->colors ? COLOR_PAIR(UI_PAIR_BAD) | A_BOLD : A_BOLD) : A_BOLD);
	for (int i = 1; i < h; i++)
		ui_put(y + i, x, "", w, A_NORMAL);
	/* A dead camera's last picture is not shown as if it were live. */
	if (u->video.pic.cells == NULL || in->state == VSOURCE_FAILED)
		return;
	/* Centred in the pane; a picture of the pane's last size until the
	 * next one fits the new. */
	cols = u->video.pic.cols < w ? u->video.pic.cols : w;
	rows = u->video.pic.rows < h - 1 ? u->video.pic.rows : h - 1;
	if (cols == u->video.pic.cols && rows == u->video.pic.rows)
		blit(u, &u->video.pic, y + 1 + (h - 1 - rows) / 2, x + (w - cols) / 2);
}

void ui_video_ask_images(struct ui *u, const struct alarm *al)
{
	if (app_query_images(u->a, al)) {
		ui_message(u, true, _("The images cannot be asked for: no link to the center is up."));
		return;
	}
	snprintf(u->video.images_for, sizeof u->video.images_for, "%s", al->id);
	ui_message(u, false, _("Asking the center for the alarm's images…"));
}

void ui_video_images(struct ui *u, const struct app_event *ev)
{
	const struct app_images *im = u->v->images;
	const struct alarm *al = book_at(u->v->book, (size_t)u->sel);
	struct vsource_image v[PROTO_IMAGES_MAX];
	char line[200];

	if (im == NULL || strcmp(u->video.images_for, ev->id) != 0)
		return;
	u->video.images_for[0] = '\0';
	if (al == NULL || strcmp(al->id, ev->id) != 0)
		return; /* another alarm is selected by now */
	if (im->n == 0) {
		ui_message(u, false, _("The center keeps no images of this alarm."));
		return;
	}
	for (int i = 0; i < im->n; i++)
		v[i] = (struct vsource_image){im->img[i].at_ms, im->img[i].data, im->img[i].len};
	ui_video_close(u);
	if (!load(u))
		return;
	if ((u->video.src = u->video.lib->open_images(u->v->loop, v, im->n, changed_cb, u)) == NULL) {
		ui_message(u, true, _("the camera's picture cannot start (no thread)"));
		return;
	}
	u->video.images = true;
	snprintf(u->video.for_id, sizeof u->video.for_id, "%s", al->id);
	snprintf(u->video.camera, sizeof u->video.camera, "images"); /* journaled, not shown */
	snprintf(u->video.shown, sizeof u->video.shown, "%d", im->n);
	u->video.from_ms = u->v->wall_ms;
	u->video.fps = u->v->cfg->video_fps;
	memset(&u->video.info, 0, sizeof u->video.info);
	snprintf(line, sizeof line, _("%d images of the alarm: ←→ one by one, Space plays them."), im->n);
	ui_message(u, false, line);
}

enum ui_key ui_video_images_key(struct ui *u, wint_t ch, bool fkey)
{
	if (!u->video.images || u->video.src == NULL)
		return UI_KEY_IGNORED;
	if (fkey && (ch == KEY_LEFT || ch == KEY_RIGHT))
		u->video.lib->step(u->video.src, ch == KEY_LEFT ? -1 : 1, 0);
	else if (!fkey && ch == ' ')
		u->video.lib->step(u->video.src, 0, !u->video.info.playing);
	else
		return UI_KEY_IGNORED;
	return UI_KEY_REDRAW;
}

/* The source's fixed phrases (video/source.c), for the translation. */
static const char *const source_words[] __attribute__((unused)) = {
	N_("cannot open the camera"),
	N_("the camera does not answer"),
	N_("no picture from the camera"),
	N_("the address gives no video this console can decode"),
	N_("cannot decode the camera's video"),
	N_("the camera stopped"),
	N_("the camera's stream ended"),
	N_("out of memory"),
	N_("a GB/T 28181 channel: its live video needs the center's media relay (not yet)"),
	N_("not a camera address (rtsp:// or http://)"),
	N_("the camera's address has spaces or control characters"),
	N_("cannot decode the images"),
	N_("an image is not a JPEG picture"),
};

static void player_exit_cb(uv_process_t *p, int64_t status, int sig)
{
	uv_close((uv_handle_t *)p, (uv_close_cb)free);
}

void ui_video_player(struct ui *u, const struct alarm *al, const char *camera, const char *channel)
{
	const struct config *cfg = u->v->cfg;
	char url[800], shown[400], cmd[sizeof cfg->player_command], detail[600];
	char *argv[32], *save = NULL;
	uv_process_options_t o = {0};
	uv_stdio_container_t io[3] = {{UV_IGNORE}, {UV_IGNORE}, {UV_IGNORE}};
	uv_process_t *p;
	int argc = 0, rc;
	bool has_u = false;

	if (!cfg->player_command[0]) {
		ui_message(u, true, _("No external player: set [video] player_command (for example mpv %u)."));
		return;
	}
	if (!address(u, camera, channel, url, sizeof url, shown, sizeof shown))
		return;
	/* Words split on spaces, no shell; %u is the address (with its login). */
	snprintf(cmd, sizeof cmd, "%s", cfg->player_command);
	for (char *w = strtok_r(cmd, " \t", &save); w && argc < 30; w = strtok_r(NULL, " \t", &save)) {
		if (strcmp(w, "%u") == 0) {
			w = url;
			has_u = true;
		}
		argv[argc++] = w;
	}
	if (!has_u && argc < 31)
		argv[argc++] = url;
	argv[argc] = NULL;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return;
	o.file = argv[0];
	o.args = argv;
	o.exit_cb = player_exit_cb;
	o.flags = UV_PROCESS_DETACHED;
	o.stdio = io;
	o.stdio_count = 3;
	if ((rc = uv_spawn(u->v->loop, p, &o)) != 0) {
		free(p);
		snprintf(detail, sizeof detail, _("The player %s did not start: %s"), argv[0], uv_strerror(rc));
		ui_message(u, true, detail);
		return;
	}
	uv_unref((uv_handle_t *)p);
	snprintf(detail, sizeof detail, "%s %s %s", camera, shown, argv[0]);
	app_journal(u->a, al->id, "camera.player", detail);
	snprintf(detail, sizeof detail, _("Player started: %s  %s"), camera, shown);
	ui_message(u, false, detail);
}
