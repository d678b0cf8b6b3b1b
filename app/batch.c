/* batch.c — JSON Lines front end. Output is built with cJSON so every string
 * is escaped; input lines longer than 1 KiB are refused. */
#include "batch.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../net/jsonrd.h"
#include "commands.h"
#include "core/ad.h"
#include "core/text.h"
#include "replay.h"

static uv_pipe_t in_pipe;
static struct app *the_app;
static void (*on_quit)(struct app *a);
static char line[1024];
static size_t line_len;
static bool overlong, stopped, running;

static void print(cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o);
	if (s) {
		/* Texts cut to fit a buffer may end inside a character. */
		text_utf8_repair(s, strlen(s));
		fputs(s, stdout);
		fputc('\n', stdout);
		fflush(stdout);
	}
	free(s);
	cJSON_Delete(o);
}

static const char *const kinds[] = {"alarm",  "update",  "op_ack",  "link",  "notice", "device",
				    "synced", "problem", "overdue", "sound", "silence", "room", "figures",
				    "replay", "score", "arm", "test", "signal", "hold_end", "site", "order", "flood"};

static void event_cb(void *ctx, const struct app_event *ev)
{
	struct app *a = ctx;
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "ev", kinds[ev->kind]);
	cJSON_AddStringToObject(o, "center", a->centers[ev->center].name);
	jr_add_int(o, "t", (int64_t)app_now_ms());
	if (ev->seq)
		jr_add_int(o, "seq", (int64_t)ev->seq);
	if (ev->id)
		cJSON_AddStringToObject(
			o, ev->kind == APP_EV_TEST || ev->kind == APP_EV_SIGNAL ? "site" : "id", ev->id);
	if (ev->op_id)
		cJSON_AddStringToObject(o, "op_id", ev->op_id);
	if (ev->alarm) {
		cJSON_AddStringToObject(o, "class", alarm_class_name(ev->alarm->cls));
		jr_add_int(o, "priority", ev->alarm->priority);
		cJSON_AddStringToObject(o, "customer", ev->alarm->cust_name);
		cJSON_AddStringToObject(o, "state", alarm_state_name(ev->alarm->state));
		cJSON_AddStringToObject(o, "by", ev->alarm->claimed_by);
		if (ev->alarm->flow.restored_ms)
			jr_add_int(o, "restored", ev->alarm->flow.restored_ms);
		if (ev->alarm->sources[0])
			cJSON_AddStringToObject(o, "sources", ev->alarm->sources);
		if (ev->kind == APP_EV_ALARM) {
			cJSON_AddStringToObject(o, "site", ev->alarm->cust_id);
			jr_add_int(o, "zone", ev->alarm->zone_no);
			cJSON_AddStringToObject(o, "event", ev->alarm->event_code);
			cJSON_AddStringToObject(o, "channel", alarm_channel_name(ev->alarm->channel));
			jr_add_int(o, "received", ev->alarm->received_ms);
			jr_add_int(o, "occurred", ev->alarm->occurred_ms);
			cJSON_AddStringToObject(o, "zone_name", ev->alarm->zone_name);
			cJSON_AddStringToObject(o, "detector", ev->alarm->zone_detector);
			cJSON *cams = cJSON_AddArrayToObject(o, "cameras");
			for (int i = 0; i < ev->alarm->ncameras; i++)
				cJSON_AddItemToArray(cams, cJSON_CreateString(ev->alarm->cameras[i].name));
		}
	} else if (ev->kind == APP_EV_UPDATE && ev->id) {
		cJSON_AddStringToObject(o, "state", "closed");
	}
	if (ev->kind == APP_EV_LINK || ev->kind == APP_EV_ARM)
		jr_add_int(o, "state", ev->code);
	else if (ev->kind == APP_EV_TEST) {
		const struct console_test *t = console_test_of(&a->core, ev->center, ev->id);
		cJSON_AddStringToObject(o, "state", proto_test_state_name(ev->code));
		if (t)
			jr_add_int(o, "until", t->until_ms);
	}
	else if (ev->kind == APP_EV_OP_ACK || ev->kind == APP_EV_PROBLEM || ev->kind == APP_EV_SCORE)
		jr_add_int(o, "code", ev->code);
	if (ev->text)
		cJSON_AddStringToObject(o, "text", ev->text);
	if (ev->kind == APP_EV_FIGURES) {
		struct proto_figures f = {.f = a->figures};
		char *text = proto_encode_figures(&f);
		cJSON *fo = text ? cJSON_Parse(text) : NULL;
		free(text);
		if (fo) {
			cJSON_DeleteItemFromObject(fo, "type");
			cJSON_AddItemToObject(o, "figures", fo);
		}
	}
	if (ev->kind == APP_EV_SITE && a->site_msg) {
		char *text = proto_encode_site(&a->site);
		cJSON *so = text ? cJSON_Parse(text) : NULL;
		free(text);
		if (so) {
			cJSON_DeleteItemFromObject(so, "type");
			cJSON_AddItemToObject(o, "site", so);
		}
	}
	if (ev->kind == APP_EV_ROOM) {
		cJSON *arr = cJSON_AddArrayToObject(o, "sessions");
		for (int i = 0; i < a->nroom; i++) {
			cJSON *r = cJSON_CreateObject();
			cJSON_AddStringToObject(r, "operator", a->room[i].operator_);
			cJSON_AddStringToObject(r, "console", a->room[i].console);
			cJSON_AddStringToObject(r, "role", proto_role_name(a->room[i].role));
			cJSON_AddItemToArray(arr, r);
		}
	}
	if (ev->kind == APP_EV_SYNCED) {
		jr_add_int(o, "open", (int64_t)book_count(a->book));
		jr_add_int(o, "applied", (int64_t)a->core.centers[ev->center].received);
	}
	print(o);
}

const struct app_frontend batch_frontend = {event_cb};

/* A reply to a command; an accepted op or notice also names its op_id, so
 * that a script can wait for that op's op_ack and no other. */
static void reply_op(const char *cmd, int code, const char *text, const char *op_id)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "ev", "reply");
	cJSON_AddStringToObject(o, "cmd", cmd);
	jr_add_int(o, "code", code);
	cJSON_AddStringToObject(o, "text", text);
	if (op_id && op_id[0])
		cJSON_AddStringToObject(o, "op_id", op_id);
	print(o);
}

static void reply(const char *cmd, int code, const char *text)
{
	reply_op(cmd, code, text, NULL);
}

/* AD_EPERM for app_read_only's reason: "read-only (journal): why". */
static void reply_read_only(const struct app *a, const char *cmd)
{
	char why[600];
	const char *ro = app_read_only(a);

	if (ro && strcmp(ro, "journal") == 0)
		snprintf(why, sizeof why, "read-only (journal): %s", a->journal_err);
	else
		snprintf(why, sizeof why, "read-only (%s)", ro ? ro : "role");
	reply(cmd, AD_EPERM, why);
}

static void stats(struct app *a)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "ev", "stats");
	jr_add_int(o, "open", (int64_t)book_count(a->book));
	jr_add_int(o, "new", (int64_t)book_count_state(a->book, ALARM_ST_NEW));
	jr_add_int(o, "claimed", (int64_t)book_count_state(a->book, ALARM_ST_CLAIMED));
	jr_add_int(o, "pending_ops", a->core.npending);
	cJSON_AddStringToObject(o, "audio", a->audio ? "on" : a->audio_off);
	cJSON_AddBoolToObject(o, "insecure", a->cfg.insecure);
	for (int i = 0; i < a->ncenters; i++) {
		cJSON *c = cJSON_AddObjectToObject(o, a->centers[i].cfg.name);
		jr_add_int(c, "last_seq", (int64_t)a->core.centers[i].stream.last);
		jr_add_int(c, "applied", (int64_t)a->core.centers[i].received);
		jr_add_int(c, "dups", (int64_t)a->core.centers[i].dups);
		jr_add_int(c, "link", a->centers[i].state);
	}
	print(o);
}

static void list(struct app *a)
{
	for (size_t i = 0; i < book_count(a->book); i++) {
		const struct alarm *al = book_at(a->book, i);
		event_cb(a, &(struct app_event){.kind = APP_EV_ALARM, .center = al->center,
						.alarm = al, .id = al->id, .seq = al->seq});
	}
	reply("list", 0, "end");
}

/* "ACTION ID [ARG]": ARG is the text (method, result, receiver, note) or,
 * for tick, close, hold, call and plan, the code (item, cause/outcome,
 * minutes, contact, plan step from 1), with an optional text after it. */
static void command(struct app *a, char *s)
{
	char *cmd = strtok(s, " \t"), *id = strtok(NULL, " \t"), *rest = strtok(NULL, "");
	const struct command *c;
	int code = 0;

	if (cmd == NULL)
		return;
	if (strcmp(cmd, "quit") == 0) {
		batch_stop();
		on_quit(a);
		return;
	}
	if (strcmp(cmd, "stats") == 0) {
		stats(a);
		return;
	}
	if (strcmp(cmd, "silence") == 0) {
		app_alert_silence(a);
		reply(cmd, 0, "silenced");
		return;
	}
	if (strcmp(cmd, "list") == 0) {
		list(a);
		return;
	}
	if (strcmp(cmd, "figures") == 0) {
		/* "figures SECONDS" (the last ones) or "figures FROM_MS TO_MS". */
		int64_t now = app_center_now(a), x = id ? strtoll(id, NULL, 10) : 3600;
		int64_t from = rest ? x : now - x * 1000, to = rest ? strtoll(rest, NULL, 10) : now;
		int rc = app_query_figures(a, from, to);
		reply(cmd, rc, rc == 0 ? "asked" : rc == AD_EIO ? "no link to the center" : "bad period");
		return;
	}
	if (strcmp(cmd, "site") == 0) {
		/* "site WORDS": a site's card by account or words of it. */
		char words[256];
		int rc;
		snprintf(words, sizeof words, "%s%s%s", id ? id : "", rest ? " " : "", rest ? rest : "");
		rc = app_query_site(a, words);
		reply(cmd, rc, rc == 0 ? "asked" : rc == AD_EIO ? "no link to the center" : "usage: site WORDS");
		return;
	}
	if (strcmp(cmd, "notice") == 0) {
		char text[1024];
		int rc;
		snprintf(text, sizeof text, "%s%s%s", id ? id : "", rest ? " " : "", rest ? rest : "");
		rc = app_notice(a, text);
		if (rc == AD_EPERM && a->role == PROTO_ROLE_SUPERVISOR)
			reply_read_only(a, cmd);
		else
			reply_op(cmd, rc, rc == 0 ? "sent" : rc == AD_EPERM ? "only supervisors send notices"
								: "usage: notice TEXT",
				 rc == 0 ? app_last_op_id(a) : NULL);
		return;
	}
	if (strcmp(cmd, "seek") == 0 || strcmp(cmd, "pause") == 0 || strcmp(cmd, "step") == 0) {
		/* Replay: seek MS (a time on the recording's clock), pause, step. */
		if (a->replay == NULL) {
			reply(cmd, AD_EINVAL, "not a replay");
			return;
		}
		if (cmd[1] == 'e')
			replay_seek(a->replay, id ? strtoll(id, NULL, 10) : 0);
		else if (cmd[0] == 'p')
			replay_toggle_pause(a->replay);
		else
			replay_step(a->replay);
		{
			char state[64];
			replay_describe(a->replay, state, sizeof state);
			reply(cmd, 0, state);
		}
		return;
	}
	if (strcmp(cmd, "score") == 0) {
		int pct = app_drill_score(a);
		reply(cmd, pct < 0 ? AD_EINVAL : 0, pct < 0 ? "not a training run" : "scored");
		return;
	}
	if (strcmp(cmd, "handover") == 0) {
		struct app_handover h;
		cJSON *o;
		if (id && strcmp(id, "ack") == 0) {
			app_handover_ack(a);
			reply(cmd, 0, "acknowledged");
			return;
		}
		struct app_view v;
		app_view_fill(a, &v);
		app_handover(&v, &h);
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "ev", "handover");
		jr_add_int(o, "open", (int64_t)h.open);
		jr_add_int(o, "unclaimed", (int64_t)h.unclaimed);
		jr_add_int(o, "held_by_me", (int64_t)h.held_by_me);
		jr_add_int(o, "held_by_others", (int64_t)h.held_by_others);
		jr_add_int(o, "parked", (int64_t)h.parked);
		jr_add_int(o, "overdue", (int64_t)h.overdue);
		jr_add_int(o, "tests", (int64_t)h.tests);
		jr_add_int(o, "unrestored", h.unrestored);
		jr_add_int(o, "sites_on_test", (int64_t)h.sites_on_test);
		print(o);
		return;
	}
	if (strcmp(cmd, "raw") == 0) {
		/* Diagnostic: send one frame as typed, bypassing the console's own
		 * checks, to see what the center answers (used by protocol tests). */
		char frame[1024];
		snprintf(frame, sizeof frame, "%s%s%s", id ? id : "", rest ? " " : "", rest ? rest : "");
		reply(cmd, link_send(a->centers[0].links[0].link, strdup(frame)) ? AD_EIO : 0,
		      "sent on the first link of the first center");
		return;
	}
	if (strcmp(cmd, "test") == 0) {
		/* "test SITE DURATION [REASON]": 90, 90s, 30m, 2h; 0 ends it. */
		char *end = NULL;
		long secs = rest ? strtol(rest, &end, 10) : -1;
		int rc;
		if (end && (*end == 'm' || *end == 'h' || *end == 's')) {
			secs *= *end == 'h' ? 3600 : *end == 'm' ? 60 : 1;
			end++;
		}
		if (id == NULL || secs < 0 || secs > 7 * 86400 || (end && *end && *end != ' ')) {
			reply(cmd, AD_EINVAL, "usage: test SITE DURATION [REASON] (90s, 30m, 2h; 0 ends it)");
			return;
		}
		rc = app_site_test(a, app_site_center(a, id), id, (int)secs,
				   end && *end ? end + strspn(end, " ") : "");
		if (rc == AD_EPERM)
			reply_read_only(a, cmd);
		else
			reply_op(cmd, rc, rc == 0 ? "sent" : "too many pending ops",
				 rc == 0 ? app_last_op_id(a) : NULL);
		return;
	}
	if (strcmp(cmd, "work") == 0 || strcmp(cmd, "work_new") == 0) {
		/* "work ORDER STEP [TEXT]" (assign, start, repaired, verify, reject,
		 * close); "work_new SITE URGENCY TEXT" (extra_urgent, urgent, normal). */
		char *arg = rest ? strtok(rest, " ") : NULL, *words = arg ? strtok(NULL, "") : NULL;
		enum order_step step;
		enum order_urgency u;
		int rc = AD_EINVAL;
		if (id && arg && cmd[4] == '\0' && order_step_parse(arg, &step) == 0)
			rc = app_order_step(a, id, step, words);
		else if (id && arg && cmd[4] == '_' && order_urgency_parse(arg, &u) == 0)
			rc = app_order_new(a, id, u, words);
		if (rc == AD_EPERM)
			reply_read_only(a, cmd);
		else
			reply_op(cmd, rc,
				 rc == 0		? "sent"
				 : rc == AD_ENOENT	? "no open work order with that id"
				 : rc == AD_ENOMEM	? "too many pending ops"
				 : cmd[4]		? "usage: work_new SITE extra_urgent|urgent|normal TEXT"
							: "usage: work ORDER assign|start|repaired|verify|reject|close [TEXT]",
				 rc == 0 ? app_last_op_id(a) : NULL);
		return;
	}
	if ((c = command_by_verb(cmd)) != NULL && c->action >= 0) {
		enum proto_action act = (enum proto_action)c->action;
		if (id == NULL) {
			reply(cmd, AD_EINVAL, "usage: ACTION ALARM-ID [ARG]");
			return;
		}
		if (rest && (act == PROTO_ACT_TICK || act == PROTO_ACT_CLOSE || act == PROTO_ACT_HOLD ||
			     act == PROTO_ACT_CALL || act == PROTO_ACT_PLAN || act == PROTO_ACT_AUTOLOG)) {
			char *end;
			code = (int)strtol(rest, &end, 10);
			rest = *end ? end + strspn(end, " ") : NULL;
			if (act == PROTO_ACT_PLAN)
				code--; /* "plan ID 2 …": the second step, as the screen numbers it */
		}
		if (act == PROTO_ACT_CONTROL) { /* control ID arm|disarm|reset WHY */
			size_t w = rest ? strcspn(rest, " ") : 0;
			for (code = 0; code < PROTO_CTL_COUNT; code++)
				if (w && strncmp(rest, proto_control_name((enum proto_control)code), w) == 0 &&
				    proto_control_name((enum proto_control)code)[w] == '\0')
					break;
			if (code == PROTO_CTL_COUNT) {
				reply(cmd, AD_EINVAL,
				      "usage: control ALARM-ID arm|disarm|reset WHY, or left|right|up|down|"
				      "zoom_in|zoom_out|stop");
				return;
			}
			rest = rest[w] ? rest + w + strspn(rest + w, " ") : NULL;
		}
		switch (app_op(a, act, id, rest, code)) {
		case 0: reply_op(cmd, 0, "sent", app_last_op_id(a)); break;
		case AD_ENOENT: reply(cmd, AD_ENOENT, "no open alarm with that id"); break;
		case AD_EPERM: reply_read_only(a, cmd); break;
		default: reply(cmd, AD_ENOMEM, "too many pending ops"); break;
		}
		return;
	}
	reply(cmd, AD_EINVAL, "unknown command (an op action, test, list, stats, figures, site, "
			      "notice, handover, raw, quit)");
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	static char mem[4096];
	buf->base = mem;
	buf->len = sizeof mem;
}

static void read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	if (n < 0) {
		batch_stop();
		on_quit(the_app);
		return;
	}
	batch_feed(buf->base, (size_t)n);
}

void batch_feed(const char *buf, size_t n)
{
	for (size_t i = 0; i < n && !stopped; i++) {
		char ch = buf[i];
		if (ch != '\n') {
			if (line_len + 1 < sizeof line)
				line[line_len++] = ch;
			else
				overlong = true;
			continue;
		}
		line[line_len] = '\0';
		if (overlong)
			reply("?", AD_EINVAL, "line longer than 1 KiB ignored");
		else
			command(the_app, line);
		line_len = 0;
		overlong = false;
	}
}

int batch_start(struct app *a, void (*quit_cb)(struct app *a))
{
	the_app = a;
	on_quit = quit_cb;
	/* Commands come from a pipe or a terminal. Anything else (/dev/null, a
	 * regular file) cannot be polled: run without commands until a signal. */
	if (uv_guess_handle(0) != UV_NAMED_PIPE && uv_guess_handle(0) != UV_TTY)
		return 0;
	if (uv_pipe_init(a->loop, &in_pipe, 0))
		return -1;
	running = true;
	if (uv_pipe_open(&in_pipe, 0))
		return -1;
	return uv_read_start((uv_stream_t *)&in_pipe, alloc_cb, read_cb);
}

void batch_stop(void)
{
	if (stopped || !running)
		return;
	stopped = true;
	uv_read_stop((uv_stream_t *)&in_pipe);
	uv_close((uv_handle_t *)&in_pipe, NULL);
}
