/* dial.c — a call's start: journaled, and handed to the operator's softphone
 * when [phone] dial_command names one. The command is split on blanks and
 * run without a shell, %n replaced by the number (only the characters a
 * phone number has), detached, its output discarded so that it cannot
 * write over the screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-int.h"
#include "core/ad.h"
#include "i18n.h"

#define DIAL_MAX_ARGS 16

static void closed_cb(uv_handle_t *h)
{
	struct app *a = h->data;

	for (int i = 0; i < APP_MAX_DIALERS; i++)
		if (a->dialers[i] == (uv_process_t *)h)
			a->dialers[i] = NULL;
	free(h);
}

/* The softphone handed the call on (or failed): its status is journaled
 * when it is not 0. */
static void exit_cb(uv_process_t *p, int64_t status, int sig)
{
	struct app *a = p->data;
	char detail[80];

	if (status != 0 || sig != 0) {
		snprintf(detail, sizeof detail, "pid %d: exit %lld, signal %d", p->pid,
			 (long long)status, sig);
		app_journal(a, "", "call.dialer_failed", detail);
		app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM,
						.text = _("The softphone ([phone] dial_command) failed: dial by hand.")});
	}
	uv_close((uv_handle_t *)p, closed_cb);
}

void app__dialers_close(struct app *a)
{
	for (int i = 0; i < APP_MAX_DIALERS; i++)
		if (a->dialers[i] && !uv_is_closing((uv_handle_t *)a->dialers[i]))
			uv_close((uv_handle_t *)a->dialers[i], closed_cb); /* detached: it goes on */
}

/* The number with only what a dialler takes: digits, + * # and no spaces. */
static void dialable(char *out, size_t len, const char *phone)
{
	size_t n = 0;

	for (const char *p = phone; *p && n + 1 < len; p++)
		if ((*p >= '0' && *p <= '9') || *p == '+' || *p == '*' || *p == '#')
			out[n++] = *p;
	out[n] = '\0';
}

/* argv from the command, %n replaced in every word; the words live in buf. */
static int split(const char *cmd, const char *number, char *buf, size_t len, char **argv)
{
	int argc = 0;
	size_t used = 0;

	for (const char *p = cmd; *p && argc < DIAL_MAX_ARGS;) {
		size_t w = strcspn(p += strspn(p, " \t"), " \t");
		if (w == 0)
			break;
		argv[argc++] = buf + used;
		for (size_t i = 0; i < w && used + 1 < len; i++) {
			if (p[i] == '%' && i + 1 < w && p[i + 1] == 'n') {
				size_t k = strlen(number);
				if (used + k + 1 >= len)
					return -1;
				memcpy(buf + used, number, k);
				used += k;
				i++;
			} else {
				buf[used++] = p[i];
			}
		}
		if (used + 1 >= len)
			return -1;
		buf[used++] = '\0';
		p += w;
	}
	argv[argc] = NULL;
	return argc;
}

int app_call_start(struct app *a, const char *alarm_id, const char *name, const char *phone)
{
	char number[40], detail[300], words[600], *argv[DIAL_MAX_ARGS + 1];
	uv_process_options_t o;
	uv_stdio_container_t io[3];
	uv_process_t *p;
	int rc, slot = 0;

	dialable(number, sizeof number, phone);
	if (!a->cfg.dial_command[0] || !number[0]) {
		snprintf(detail, sizeof detail, "%s %s (by hand)", name, phone);
		app_journal(a, alarm_id, "call.start", detail);
		return 0;
	}
	if (split(a->cfg.dial_command, number, words, sizeof words, argv) < 1)
		return AD_EINVAL;
	while (slot < APP_MAX_DIALERS && a->dialers[slot])
		slot++;
	if (slot == APP_MAX_DIALERS)
		return AD_ENOMEM; /* the softphone has not returned from the last calls */
	memset(&o, 0, sizeof o);
	for (int i = 0; i < 3; i++)
		io[i].flags = UV_IGNORE;
	o.file = argv[0];
	o.exit_cb = exit_cb;
	o.args = argv;
	o.stdio = io;
	o.stdio_count = 3;
	o.flags = UV_PROCESS_DETACHED;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return AD_ENOMEM;
	rc = uv_spawn(a->loop, p, &o);
	p->data = a;
	if (rc == 0) {
		a->dialers[slot] = p;
		snprintf(detail, sizeof detail, "%s %s (dialled by %s, pid %d)", name, phone, argv[0],
			 p->pid);
		app_journal(a, alarm_id, "call.start", detail);
	} else {
		snprintf(detail, sizeof detail, "%s %s: %s failed: %s", name, phone, argv[0],
			 uv_strerror(rc));
		app_journal(a, alarm_id, "call.dial_failed", detail);
		uv_close((uv_handle_t *)p, closed_cb);
		return AD_EIO;
	}
	return 1;
}
