/* video_rate.c — the camera picture's rate and cost on a real pty (issue 20).
 * Runs the console (COLS×ROWS, 256 colours) on a pseudo-terminal with its
 * screen in libvterm; waits for the bank's alarm, claims it (Enter): the
 * camera nearest its zone opens. Once the picture's status line is up it
 * reads the pty for SECONDS and counts the pictures the terminal showed:
 * after each burst of output (no byte for 5 ms), the picture rows are
 * compared with what they were, a change is one picture. Prints
 * "pictures N per_s P bytes B bytes_per_s R". With MODE "images" the
 * alarm's images are counted instead: P on the map, Space plays them.
 *
 * usage: video_rate WS-PORT CONFIG COLS ROWS SECONDS [MODE]
 * (ALARMDESK_PASSWORD and the operator op1 from the environment.) */
#include <poll.h>
#include <pty.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

static int master = -1;
static VTerm *vt;
static VTermScreen *screen;
static int rows, cols;
static long long bytes;

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

/* Feeds what the console wrote into the terminal; false when nothing came
 * within timeout_ms. */
static bool pump(int timeout_ms)
{
	struct pollfd p = {master, POLLIN, 0};
	char buf[65536];
	ssize_t n;

	if (poll(&p, 1, timeout_ms) <= 0)
		return false;
	if ((n = read(master, buf, sizeof buf)) <= 0)
		return false;
	bytes += n;
	vterm_input_write(vt, buf, (size_t)n);
	while ((n = (ssize_t)vterm_output_read(vt, buf, sizeof buf)) > 0)
		if (write(master, buf, (size_t)n) < 0)
			break;
	return true;
}

static bool on_screen(const char *text)
{
	static char all[1 << 17];
	VTermRect r = {0, rows, 0, cols};
	size_t n = vterm_screen_get_text(screen, all, sizeof all - 1, r);

	all[n] = '\0';
	return strstr(all, text) != NULL;
}

static bool until(const char *text, double limit_ms)
{
	double t0 = now_ms();

	while (!on_screen(text)) {
		if (now_ms() - t0 > limit_ms)
			return false;
		pump(5);
	}
	return true;
}

/* A hash of the cells (symbols and colours) of rows [from, to). */
static unsigned long long picture_hash(int from, int to)
{
	unsigned long long h = 1469598103934665603ull;

	for (int r = from; r < to; r++)
		for (int c = 0; c < cols; c++) {
			VTermScreenCell cell;
			VTermPos pos = {r, c};
			vterm_screen_get_cell(screen, pos, &cell);
			h = (h ^ cell.chars[0]) * 1099511628211ull;
			h = (h ^ (unsigned)cell.fg.indexed.idx) * 1099511628211ull;
			h = (h ^ (unsigned)cell.bg.indexed.idx) * 1099511628211ull;
		}
	return h;
}

int main(int argc, char **argv)
{
	struct winsize ws;
	unsigned long long last;
	long pictures = 0;
	double t0, secs;
	pid_t pid;

	if (argc != 6 && argc != 7) {
		fprintf(stderr, "usage: video_rate WS-PORT CONFIG COLS ROWS SECONDS [images]\n");
		return 2;
	}
	cols = atoi(argv[3]);
	rows = atoi(argv[4]);
	secs = atof(argv[5]);
	ws = (struct winsize){(unsigned short)rows, (unsigned short)cols, 0, 0};
	if ((pid = forkpty(&master, NULL, NULL, &ws)) < 0) {
		perror("forkpty");
		return 1;
	}
	if (pid == 0) {
		char url[64];
		snprintf(url, sizeof url, "ws://127.0.0.1:%s", argv[1]);
		setenv("TERM", "xterm-256color", 1);
		execl("./alarmdesk", "alarmdesk", "-c", argv[2], "--lang", "zh", "--localedir",
		      "build/locale", "--no-audio", "--center", url, "-o", "op1", "--console-id",
		      "video", "--journal", getenv("VIDEO_JOURNAL"), (char *)NULL);
		_exit(127);
	}
	vt = vterm_new(rows, cols);
	vterm_set_utf8(vt, 1);
	screen = vterm_obtain_screen(vt);
	vterm_screen_reset(screen, 1);
	if (!until("江城农商银行", 15000)) {
		fprintf(stderr, "video_rate: the bank's alarm never showed\n");
		return 1;
	}
	if (write(master, "\r", 1) != 1)
		return 1;
	if (!until("320x240", 10000)) {
		fprintf(stderr, "video_rate: the camera's picture never showed\n");
		return 1;
	}
	if (argc == 7 && strcmp(argv[6], "images") == 0) {
		if (write(master, "P", 1) != 1 || !until("报警图片 1/", 10000) ||
		    write(master, " ", 1) != 1 || !until("空格 暂停", 5000)) {
			fprintf(stderr, "video_rate: the alarm's images never played\n");
			return 1;
		}
	}
	/* The picture's rows: under the status line, above the camera list. */
	last = picture_hash(3, rows - 6);
	bytes = 0;
	t0 = now_ms();
	while (now_ms() - t0 < secs * 1000) {
		if (!pump(50))
			continue;
		while (pump(5)) /* the rest of this burst */
			;
		unsigned long long h = picture_hash(3, rows - 6);
		if (h != last)
			pictures++;
		last = h;
	}
	secs = (now_ms() - t0) / 1000;
	printf("pictures %ld per_s %.1f bytes %lld bytes_per_s %.0f\n", pictures, pictures / secs,
	       bytes, bytes / secs);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	vterm_free(vt);
	return 0;
}
