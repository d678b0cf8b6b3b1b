/* pty_latency.c — frame → screen and key → screen on a real pty (issue 13).
 * Runs the console (in Chinese, COLS×ROWS) on a pseudo-terminal and keeps
 * its screen in libvterm, as a terminal would. While the center storms
 * (started by the caller), it sends urgent marker alarms as DC-09 frames
 * from accounts the data set does not know ("未知账户 #ABCnnn", P1, on top
 * of the queue) and times each from the send to the moment its name is on
 * the screen; then it presses ? and times the help overlay's appearance,
 * and ? again its going. The times include the DC-09 receiver and the center's
 * commit: an upper bound of frame received → row on screen.
 *
 * usage: pty_latency WS-PORT DC09-PORT COLS ROWS MARKERS KEYS
 *        pty_latency start COLS ROWS TEXT CONSOLE-ARGS...   (start to TEXT)
 * (ALARMDESK_PASSWORD and the operator op1 from the environment.) Prints
 * "frame p50 p99 max n" and "key p50 p99 max n" in ms. */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

#include "../../center/dc09.h"

static int master = -1;
static VTerm *vt;
static VTermScreen *screen;
static int rows, cols;

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static int64_t wall_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Feeds what the console wrote into the terminal (and its answers back). */
static void pump(int timeout_ms)
{
	struct pollfd p = {master, POLLIN, 0};
	char buf[65536];
	ssize_t n;

	if (poll(&p, 1, timeout_ms) <= 0)
		return;
	if ((n = read(master, buf, sizeof buf)) > 0) {
		vterm_input_write(vt, buf, (size_t)n);
		while ((n = (ssize_t)vterm_output_read(vt, buf, sizeof buf)) > 0)
			if (write(master, buf, (size_t)n) < 0)
				break;
	}
}

static bool on_screen(const char *text)
{
	static char all[1 << 16];
	VTermRect r = {0, rows, 0, cols};
	size_t n = vterm_screen_get_text(screen, all, sizeof all - 1, r);

	all[n] = '\0';
	return strstr(all, text) != NULL;
}

/* Pumps until text is (or is not) on the screen; ms it took, -1 after 10 s. */
static double until(const char *text, bool present, double t0)
{
	while (on_screen(text) != present) {
		if (now_ms() - t0 > 10000)
			return -1;
		pump(5);
	}
	return now_ms() - t0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, int n)
{
	if (n == 0) {
		printf("%s none\n", what);
		return;
	}
	qsort(v, (size_t)n, sizeof *v, cmp);
	printf("%s p50 %.1f p99 %.1f max %.1f n %d\n", what, v[n / 2],
	       v[(int)(0.99 * (n - 1) + 0.5)], v[n - 1], n);
}

static int send_marker(int fd, const struct sockaddr_in *to, const char *acct, int seq)
{
	char frame[DC09_MAX_FRAME + 16], body[200], ts[22], account[24], seqs[8];
	size_t len;

	dc09_time_format(wall_ms(), ts);
	snprintf(body, sizeof body, "[#%s|1120 01 001]%s", acct, ts);
	snprintf(account, sizeof account, "#%s", acct);
	snprintf(seqs, sizeof seqs, "%04d", seq);
	len = dc09_build(frame, sizeof frame, "ADM-CID", seqs, "R1", "L1", account, body);
	return sendto(fd, frame, len, 0, (const struct sockaddr *)to, sizeof *to) == (ssize_t)len ? 0
												  : -1;
}

/* The console (./alarmdesk with args) on a rows×cols pty, its screen kept
 * in libvterm; its pid, or -1. */
static pid_t spawn(char **args)
{
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	pid_t pid = forkpty(&master, NULL, NULL, &ws);

	if (pid < 0) {
		perror("forkpty");
		return -1;
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		execv("./alarmdesk", args);
		_exit(127);
	}
	vt = vterm_new(rows, cols);
	vterm_set_utf8(vt, 1);
	screen = vterm_obtain_screen(vt);
	vterm_screen_reset(screen, 1);
	return pid;
}

/* `pty_latency start COLS ROWS TEXT CONSOLE-ARGS...`: the console started
 * on the pty with those arguments (after --lang zh); the time from the
 * fork to TEXT on its screen. */
static int start_mode(int argc, char **argv)
{
	double t0, t;
	char *args[40];
	int n = 0;
	pid_t pid;

	if (argc < 6 || argc > 34) {
		fprintf(stderr, "usage: pty_latency start COLS ROWS TEXT CONSOLE-ARGS...\n");
		return 2;
	}
	cols = atoi(argv[2]);
	rows = atoi(argv[3]);
	args[n++] = "alarmdesk";
	for (int i = 5; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	t0 = now_ms();
	if ((pid = spawn(args)) < 0)
		return 1;
	t = until(argv[4], true, t0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	vterm_free(vt);
	if (t < 0) {
		fprintf(stderr, "pty_latency: '%s' not on the screen in 10 s\n", argv[4]);
		return 1;
	}
	printf("start %.1f\n", t);
	return 0;
}

int main(int argc, char **argv)
{
	char url[64];
	int markers, keys, fd;
	struct sockaddr_in to = {.sin_family = AF_INET};
	double *frame, *key, t0;
	int nf = 0, nk = 0;
	pid_t pid;

	if (argc > 1 && strcmp(argv[1], "start") == 0)
		return start_mode(argc, argv);
	if (argc != 7) {
		fprintf(stderr, "usage: pty_latency WS-PORT DC09-PORT COLS ROWS MARKERS KEYS\n");
		return 2;
	}
	cols = atoi(argv[3]);
	rows = atoi(argv[4]);
	markers = atoi(argv[5]);
	keys = atoi(argv[6]);
	frame = calloc((size_t)markers + 1, sizeof *frame);
	key = calloc(2 * (size_t)keys + 1, sizeof *key);
	snprintf(url, sizeof url, "ws://127.0.0.1:%s", argv[1]);
	{
		char *args[] = {"alarmdesk", "--lang", "zh", "--localedir", "build/locale",
				"--center", url, "-o", "op1", "--console-id", "pty", "--journal",
				getenv("PTY_JOURNAL"), NULL};
		if ((pid = spawn(args)) < 0)
			return 1;
	}
	/* The storm is on every console's screen before the first marker. */
	if (until("风暴", true, now_ms()) < 0) {
		fprintf(stderr, "pty_latency: the console never showed the storm\n");
		kill(pid, SIGKILL);
		return 1;
	}
	/* Then 2 s of storm: the console's first backlog (the snapshot, the
	 * stream since) is behind it; what is measured is the steady storm. */
	for (t0 = now_ms(); now_ms() - t0 < 2000;)
		pump(5);
	to.sin_port = htons((unsigned short)atoi(argv[2]));
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	for (int i = 0; i < markers; i++) {
		char acct[16], name[32];
		double t;
		snprintf(acct, sizeof acct, "ABC%03X", (unsigned)(getpid() * 16 + i) & 0xfff);
		snprintf(name, sizeof name, "#%s", acct);
		/* A random phase against the redraw: 0-49 ms of quiet pumping. */
		double pause = now_ms();
		while (now_ms() - pause < 20 + rand() % 50)
			pump(5);
		t0 = now_ms();
		if (send_marker(fd, &to, acct, i + 1) != 0)
			continue;
		if ((t = until(name, true, t0)) >= 0)
			frame[nf++] = t;
	}
	for (int i = 0; i < keys; i++) {
		double t, pause = now_ms();
		while (now_ms() - pause < 20 + rand() % 50)
			pump(5);
		t0 = now_ms();
		if (write(master, "?", 1) != 1)
			break;
		if ((t = until("按键", true, t0)) >= 0)
			key[nk++] = t;
		t0 = now_ms();
		if (write(master, "?", 1) != 1)
			break;
		if ((t = until("按键", false, t0)) >= 0)
			key[nk++] = t;
	}
	report("frame", frame, nf);
	report("key", key, nk);
	if (write(master, "qy", 2) < 0)
		perror("write");
	for (int i = 0; i < 100 && waitpid(pid, NULL, WNOHANG) == 0; i++)
		pump(20);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	vterm_free(vt);
	return nf == markers && nk == 2 * keys ? 0 : 1;
}
