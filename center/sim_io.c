/* sim_io.c — the simulators' stdout and stdin (center/sim_io.h). */
#include "sim_io.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sim_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
	struct sim_lines *in = h->data;

	b->base = in->line + in->len;
	b->len = sizeof in->line - in->len - 1;
}

static void read_cb(uv_stream_t *st, ssize_t n, const uv_buf_t *b)
{
	struct sim_lines *in = st->data;
	char *nl;

	if (n < 0) { /* no more commands: the simulator goes on until stopped */
		sim_lines_stop(in);
		return;
	}
	in->len += (size_t)n;
	in->line[in->len] = '\0';
	while (in->open && (nl = strchr(in->line, '\n')) != NULL) {
		*nl = '\0';
		in->command(in->ctx, in->line);
		if (!in->open)
			return;
		memmove(in->line, nl + 1, in->len - (size_t)(nl + 1 - in->line) + 1);
		in->len = strlen(in->line);
	}
	if (in->len == sizeof in->line - 1)
		in->len = 0; /* a line too long: dropped */
}

void sim_lines_start(struct sim_lines *in, uv_loop_t *loop, void (*command)(void *, char *),
		     void *ctx)
{
	in->command = command;
	in->ctx = ctx;
	in->len = 0;
	if (uv_pipe_init(loop, &in->pipe, 0) != 0)
		return;
	in->pipe.data = in;
	in->open = uv_pipe_open(&in->pipe, 0) == 0 &&
		   uv_read_start((uv_stream_t *)&in->pipe, alloc_cb, read_cb) == 0;
	if (!in->open)
		uv_close((uv_handle_t *)&in->pipe, NULL);
}

void sim_lines_stop(struct sim_lines *in)
{
	if (in->open)
		uv_close((uv_handle_t *)&in->pipe, NULL);
	in->open = false;
}
