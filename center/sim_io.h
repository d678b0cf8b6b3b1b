/* sim_io.h — what the simulators (gbsim, gbplatform) share: one line per
 * event on stdout (tests wait for these lines), and commands read one line
 * at a time from stdin on the loop. */
#ifndef CENTER_SIM_IO_H
#define CENTER_SIM_IO_H

#include <stdbool.h>
#include <uv.h>

/* A line on stdout, flushed. */
void sim_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct sim_lines {
	uv_pipe_t pipe;
	char line[1024];
	size_t len;
	bool open;
	void (*command)(void *ctx, char *line); /* each line, without its newline */
	void *ctx;
};

/* Reads stdin into command(ctx, line) until it ends (then it just stops). */
void sim_lines_start(struct sim_lines *in, uv_loop_t *loop, void (*command)(void *, char *),
		     void *ctx);
void sim_lines_stop(struct sim_lines *in);

#endif
