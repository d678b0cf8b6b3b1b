/* demo.c — the embedded demo center as a supervised child process, with a
 * simulated DC-09 panel feeding its receiver (the demo, not a drill). */
#include "demo.h"

#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct demo {
	uv_loop_t *loop;
	uv_process_t proc;
	uv_process_t panel; /* alarmdesk-center panel, once the receiver listens */
	bool panel_running;
	uv_pipe_t out;
	char dir[64], exe[4096], log[128], db[128], acc[128], data[4096], scenario[4096];
	char line[256];
	size_t line_len;
	int ready, exited, closing;
	void (*ready_cb)(void *ctx, const char *url, const char *why);
	void *ctx;
	struct video_rules *video;
	void (*done_cb)(void *ctx);
	void *done_ctx;
	int pending;
};

void demo_password(char *buf, size_t len)
{
	static const char letters[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
	unsigned char rnd[16] = {0};
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	size_t i;

	if (fd >= 0) {
		if (read(fd, rnd, sizeof rnd) != (ssize_t)sizeof rnd)
			memset(rnd, 7, sizeof rnd);
		close(fd);
	}
	/* Letters with two separated, different digits: no digit runs,
	 * repeats, dates or phone numbers can form. */
	for (i = 0; i < 14 && i + 4 < len; i++)
		buf[i] = letters[rnd[i] % (sizeof letters - 1)];
	if (i + 4 <= len) {
		buf[i++] = '4';
		buf[i++] = 'q';
		buf[i++] = '7';
	}
	buf[i] = '\0';
}

static void finish(struct demo *d)
{
	void (*done)(void *) = d->done_cb;
	void *ctx = d->done_ctx;

	unlink(d->db);
	{
		char wal[160], shm[160];
		snprintf(wal, sizeof wal, "%s-wal", d->db);
		snprintf(shm, sizeof shm, "%s-shm", d->db);
		unlink(wal);
		unlink(shm);
	}
	unlink(d->log);
	rmdir(d->dir);
	free(d);
	if (done)
		done(ctx);
}

static void handle_closed_cb(uv_handle_t *h)
{
	struct demo *d = h->data;
	if (--d->pending == 0 && d->closing)
		finish(d);
}

static void exit_cb(uv_process_t *p, int64_t status, int signo)
{
	struct demo *d = p->data;

	d->exited = 1;
	if (!d->ready && d->ready_cb) {
		char why[200];
		snprintf(why, sizeof why, "the demo center exited (status %lld, signal %d); see %s",
			 (long long)status, signo, d->log);
		d->ready_cb(d->ctx, NULL, why);
	}
	uv_close((uv_handle_t *)p, handle_closed_cb);
}

static void panel_exit_cb(uv_process_t *p, int64_t status, int signo)
{
	struct demo *d = p->data;

	d->panel_running = false;
	uv_close((uv_handle_t *)p, handle_closed_cb);
}

/* A panel of the demo data (account 1002, site KH0002) at the demo center's
 * receiver: a link test, a burglary, its restore, a closing and an opening,
 * one every 30 s, over and over (the link test first: the demo's opening
 * minutes are the scenario's); its lines go to the center's log. */
static void start_panel(struct demo *d, int port)
{
	static char *const events[] = {"NULL", "ADM:1130 01 001", "ADM:3130 01 001",
				       "ADM:3401 01 003", "ADM:1401 01 003"};
	char to[32], *args[24];
	uv_process_options_t o;
	uv_stdio_container_t stdio[3];
	int n = 0, logfd = open(d->log, O_WRONLY | O_APPEND | O_CLOEXEC);

	snprintf(to, sizeof to, "127.0.0.1:%d", port);
	args[n++] = d->exe;
	args[n++] = "panel";
	args[n++] = "--to";
	args[n++] = to;
	args[n++] = "--account";
	args[n++] = "1002";
	args[n++] = "--every";
	args[n++] = "30";
	args[n++] = "--times";
	args[n++] = "100000";
	args[n++] = "--exit-with-parent";
	for (size_t i = 0; i < sizeof events / sizeof *events; i++)
		args[n++] = events[i];
	args[n] = NULL;
	memset(&o, 0, sizeof o);
	stdio[0].flags = UV_IGNORE;
	stdio[1].flags = stdio[2].flags = logfd >= 0 ? UV_INHERIT_FD : UV_IGNORE;
	stdio[1].data.fd = stdio[2].data.fd = logfd;
	o.file = d->exe;
	o.args = args;
	o.stdio = stdio;
	o.stdio_count = 3;
	o.exit_cb = panel_exit_cb;
	d->panel.data = d;
	if (uv_spawn(d->loop, &d->panel, &o) == 0) {
		d->panel_running = true;
		d->pending++;
	}
	if (logfd >= 0)
		close(logfd);
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	static char mem[512];
	buf->base = mem;
	buf->len = sizeof mem;
}

static void read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct demo *d = s->data;
	char url[128];
	int port;

	if (n < 0) {
		uv_read_stop(s);
		return;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (buf->base[i] != '\n') {
			if (d->line_len + 1 < sizeof d->line)
				d->line[d->line_len++] = buf->base[i];
			continue;
		}
		d->line[d->line_len] = '\0';
		d->line_len = 0;
		if (!d->ready && sscanf(d->line, "listening on 127.0.0.1:%d", &port) == 1) {
			d->ready = 1;
			snprintf(url, sizeof url, "ws://127.0.0.1:%d", port);
			d->ready_cb(d->ctx, url, NULL);
		} else if (sscanf(d->line, "camera listening on 127.0.0.1:%d", &port) == 1) {
			/* The data set's cameras are fictional: the test camera
			 * shows for each (its path says which). */
			char rule[160], why[120];
			snprintf(rule, sizeof rule, "rtsp:// http://127.0.0.1:%d/", port);
			video_rules_add_rewrite(d->video, rule, why, sizeof why);
			snprintf(rule, sizeof rule, "http:// http://127.0.0.1:%d/", port);
			video_rules_add_rewrite(d->video, rule, why, sizeof why);
		} else if (!d->closing && !d->panel_running &&
			   sscanf(d->line, "dc09 listening on 127.0.0.1:0 port %d", &port) == 1) {
			start_panel(d, port);
		}
	}
}

static void find_center(char *buf, size_t len)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (n > 0) {
		self[n] = '\0';
		snprintf(buf, len, "%s/alarmdesk-center", dirname(self));
		if (access(buf, X_OK) == 0)
			return;
	}
	snprintf(buf, len, "alarmdesk-center");
}

struct demo *demo_start(uv_loop_t *loop, const char *datadir, const char *scenario,
			const char *account, const char *password, struct video_rules *video,
			void (*ready_cb)(void *ctx, const char *url, const char *why), void *ctx,
			char *err, size_t errlen)
{
	struct demo *d = calloc(1, sizeof *d);
	uv_process_options_t o;
	uv_stdio_container_t stdio[3];
	char env_pw[300];
	char *env[] = {env_pw, NULL, NULL};
	char *args[32];
	int logfd, n = 0, rc;
	const char *path = getenv("PATH");
	char env_path[4200];

	if (d == NULL)
		return NULL;
	d->loop = loop;
	d->ready_cb = ready_cb;
	d->ctx = ctx;
	d->video = video;
	snprintf(d->dir, sizeof d->dir, "/tmp/alarmdesk-demo-XXXXXX");
	if (mkdtemp(d->dir) == NULL) {
		snprintf(err, errlen, "demo: cannot create a temp dir in /tmp");
		free(d);
		return NULL;
	}
	snprintf(d->log, sizeof d->log, "%s/center.log", d->dir);
	snprintf(d->db, sizeof d->db, "%s/center.db", d->dir);
	snprintf(d->acc, sizeof d->acc, "%s/accounts", d->dir);
	snprintf(d->data, sizeof d->data, "%s/demo", datadir);
	if (scenario)
		snprintf(d->scenario, sizeof d->scenario, "%s", scenario);
	else
		snprintf(d->scenario, sizeof d->scenario, "%s/scenarios/demo.jsonl", datadir);
	find_center(d->exe, sizeof d->exe);
	snprintf(env_pw, sizeof env_pw, "ALARMDESK_CENTER_PASSWORD=%s", password);
	snprintf(env_path, sizeof env_path, "PATH=%s", path ? path : "/usr/bin:/bin");
	env[1] = env_path;
	args[n++] = d->exe;
	args[n++] = "--listen";
	args[n++] = "127.0.0.1:0";
	args[n++] = "--test-camera";
	args[n++] = "127.0.0.1:0";
	args[n++] = "--camera-images"; /* the test camera's, kept with each alarm */
	args[n++] = "--name";
	args[n++] = scenario ? "training" : "demo";
	args[n++] = "--state";
	args[n++] = d->db;
	args[n++] = "--accounts";
	args[n++] = d->acc;
	args[n++] = "--data";
	args[n++] = d->data;
	args[n++] = "--scenario";
	args[n++] = d->scenario;
	if (scenario == NULL) {
		args[n++] = "--loop";
		args[n++] = "900000"; /* a calm shift: again 15 minutes after its end */
		args[n++] = "--dc09-listen"; /* for the demo's panel */
		args[n++] = "127.0.0.1:0";
	}
	args[n++] = "--training"; /* never a live center: trainees act here */
	args[n++] = "--demo-account";
	args[n++] = (char *)account;
	args[n++] = "--exit-with-parent";
	args[n] = NULL;

	/* Appending: the panel writes to it too. */
	logfd = open(d->log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
	uv_pipe_init(loop, &d->out, 0);
	d->out.data = d;
	memset(&o, 0, sizeof o);
	stdio[0].flags = UV_IGNORE;
	stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[1].data.stream = (uv_stream_t *)&d->out;
	stdio[2].flags = logfd >= 0 ? UV_INHERIT_FD : UV_IGNORE;
	stdio[2].data.fd = logfd;
	o.file = d->exe;
	o.args = args;
	o.env = env;
	o.stdio = stdio;
	o.stdio_count = 3;
	o.exit_cb = exit_cb;
	d->proc.data = d;
	rc = uv_spawn(loop, &d->proc, &o);
	if (logfd >= 0)
		close(logfd);
	d->pending = 1; /* the pipe */
	if (rc) {
		snprintf(err, errlen, "demo: cannot start %s: %s", d->exe, uv_strerror(rc));
		d->closing = 1;
		d->done_cb = NULL;
		uv_close((uv_handle_t *)&d->out, handle_closed_cb);
		return NULL;
	}
	d->pending++; /* the process */
	uv_read_start((uv_stream_t *)&d->out, alloc_cb, read_cb);
	return d;
}

void demo_stop(struct demo *d, void (*done_cb)(void *ctx), void *ctx)
{
	if (d == NULL) {
		if (done_cb)
			done_cb(ctx);
		return;
	}
	d->done_cb = done_cb;
	d->done_ctx = ctx;
	d->closing = 1;
	d->ready = 1; /* no ready/failure callbacks any more */
	d->ready_cb = NULL;
	if (!d->exited)
		uv_process_kill(&d->proc, SIGTERM);
	if (d->panel_running)
		uv_process_kill(&d->panel, SIGTERM);
	uv_close((uv_handle_t *)&d->out, handle_closed_cb);
}
