/* gb_sim.c — `alarmdesk-center gbsim`: a GB/T 28181 device (an IP camera,
 * NVR or alarm host) for tests and the demo. It registers to a SIP server
 * with digest authentication, sends its keepalives, answers a Catalog
 * query with its channels, and sends alarms on command. Commands come one
 * per line on stdin; what happens is printed one line per event on stdout
 * (tests wait for these lines):
 *   registered | refused CODE       the outcome of each REGISTER
 *   catalog SN                      a Catalog query was answered
 *   alarm-sent SN / alarm-ok SN CODE / alarm-response SN RESULT
 *   keepalive-ok N                  the Nth keepalive was answered
 *   control SN GuardCmd|AlarmCmd VALUE  a remote control came (and its answer)
 * Commands: alarm CHANNEL METHOD [TYPE [LEVEL [TEXT]]], keepalive off|on,
 * controls ok|error|silent (how it answers them), unregister, quit. The transport and transactions
 * are the center's own (sip_link.c), so the simulator and the server share no shortcut. */
#include "gb_sim.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "gb_devices.h"
#include "manscdp.h"
#include "sim_io.h"
#include "sip_link.h"
#include "sockaddr.h"

static const char usage[] =
    "usage: alarmdesk-center gbsim --to HOST:PORT --id DEVICE-ID --password PW [OPTION]...\n"
    "A GB/T 28181 device: registers, keeps alive, answers its catalog, sends\n"
    "alarms on command (stdin: alarm CHANNEL METHOD [TYPE [LEVEL [TEXT]]],\n"
    "keepalive off|on, controls ok|error|silent, unregister, quit), answers\n"
    "remote controls. Events are printed on stdout.\n"
    "      --to HOST:PORT     the SIP server (the center's --sip-listen)\n"
    "      --id ID            the device's 20-digit ID\n"
    "      --password PW      its password\n"
    "      --server ID@DOMAIN the server's ID and domain\n"
    "                         (default 34020000002000000001@3402000000)\n"
    "      --tcp              over TCP (default UDP)\n"
    "      --listen ADDR:PORT its own address (default 127.0.0.1:0)\n"
    "      --keepalive S      keepalive interval (default 60)\n"
    "      --expires S        registration lifetime (default 3600)\n"
    "      --channel ID:NAME  a channel of its catalog (several allowed)\n"
    "      --register-only    exit after the registration: 0 registered, 1 refused\n"
    "      --exit-with-parent stop when the process that started it stops\n";

#define SIM_CHANNELS 16

struct sim {
	uv_loop_t *loop;
	struct sip_link *link;
	struct sip_peer server;
	const char *id, *password;
	char server_id[GB_ID_LEN], domain[16];
	bool register_only, keepalive_on, registered;
	int keepalive_s, expires, status;
	unsigned cseq, sn, keepalives_ok;
	char call_id[40], tag[20];
	struct manscdp_item channels[SIM_CHANNELS];
	int nchannels;
	uv_timer_t keepalive;
	struct sim_lines in;
	bool reading, challenged;
	char controls[8]; /* ok, error or silent */
};

static void stop(struct sim *s, int status)
{
	s->status = status;
	sip_link_stop(s->link);
	s->link = NULL;
	uv_timer_stop(&s->keepalive);
	uv_close((uv_handle_t *)&s->keepalive, NULL);
	sim_lines_stop(&s->in);
}

/* Our REGISTER (Expires 0: unregister), in the registration's dialog. */
static osip_message_t *register_request(struct sim *s)
{
	char uri[80], me[80], contact[120];

	snprintf(uri, sizeof uri, "sip:%s@%s", s->server_id, s->domain);
	snprintf(me, sizeof me, "sip:%s@%s", s->id, s->domain);
	snprintf(contact, sizeof contact, "sip:%s@%s", s->id, sip_link_addr(s->link));
	return sip_request(&(struct sip_request_args){.method = "REGISTER",
						      .uri = uri,
						      .from = me,
						      .from_tag = s->tag,
						      .to = me,
						      .call_id = s->call_id,
						      .cseq = ++s->cseq,
						      .contact = contact,
						      .expires = s->expires});
}

static void send_register(struct sim *s, const char *authorization);
static void read_commands(struct sim *s);

static void registered_cb(void *arg, const char *label, int code, const osip_message_t *resp)
{
	struct sim *s = arg;
	char uri[80], auth[600];

	snprintf(uri, sizeof uri, "sip:%s@%s", s->server_id, s->domain);
	if (code == 401 && resp && !s->challenged &&
	    sip_answer_challenge(resp, s->id, s->password, "REGISTER", uri, auth, sizeof auth) ==
		0) {
		s->challenged = true; /* once: a second 401 is a refusal */
		send_register(s, auth);
		return;
	}
	s->challenged = false;
	if (code != 200) {
		sim_say("refused %d", code);
		s->registered = false;
		if (s->register_only)
			stop(s, 1);
		return;
	}
	if (s->expires == 0) {
		sim_say("unregistered");
		s->registered = false;
		return;
	}
	sim_say("registered");
	s->registered = true;
	if (s->register_only)
		stop(s, 0);
	else if (!s->reading)
		read_commands(s);
}

static void send_register(struct sim *s, const char *authorization)
{
	osip_message_t *m = register_request(s);

	if (m == NULL)
		return;
	if (authorization)
		osip_message_set_authorization(m, authorization);
	sip_link_request(s->link, &s->server, m, 0, "REGISTER", registered_cb, s);
}

/* A MESSAGE with a MANSCDP body in its own dialog-less transaction. */
static void send_message(struct sim *s, const char *body, size_t len, const char *label,
			 sip_on_answer cb)
{
	char uri[80], me[80];
	osip_message_t *m;

	snprintf(uri, sizeof uri, "sip:%s@%s", s->server_id, s->domain);
	snprintf(me, sizeof me, "sip:%s@%s", s->id, s->domain);
	if ((m = sip_manscdp_message(uri, me, uri, ++s->cseq, body, len)) != NULL)
		sip_link_request(s->link, &s->server, m, 0, label, cb, s);
}

static void keepalive_answered_cb(void *arg, const char *label, int code, const osip_message_t *r)
{
	struct sim *s = arg;

	if (code == 200)
		sim_say("keepalive-ok %u", ++s->keepalives_ok);
	else
		sim_say("keepalive-refused %d", code);
}

static void keepalive_cb(uv_timer_t *t)
{
	struct sim *s = t->data;
	const char *kv[] = {"Status", "OK", NULL};
	size_t len = 0;
	char *body;

	if (!s->keepalive_on || !s->registered)
		return;
	if ((body = manscdp_build(MANSCDP_NOTIFY, "Keepalive", ++s->sn, s->id, kv, &len))) {
		send_message(s, body, len, "Keepalive", keepalive_answered_cb);
		free(body);
	}
}

static void alarm_answered_cb(void *arg, const char *label, int code, const osip_message_t *r)
{
	sim_say("alarm-ok %s %d", label, code);
}

/* alarm CHANNEL METHOD [TYPE [LEVEL [TEXT]]] */
static void send_alarm(struct sim *s, char *args)
{
	char *channel = strtok(args, " "), *method = strtok(NULL, " "), *type = strtok(NULL, " ");
	char *level = strtok(NULL, " "), *text = strtok(NULL, ""), when[24], sn[16];
	const char *kv[16];
	int n = 0;
	size_t len = 0;
	time_t now = time(NULL);
	struct tm tm;
	char *body;

	if (channel == NULL || method == NULL) {
		sim_say("error: alarm CHANNEL METHOD [TYPE [LEVEL [TEXT]]]");
		return;
	}
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	kv[n++] = "AlarmPriority";
	kv[n++] = level ? level : "1";
	kv[n++] = "AlarmMethod";
	kv[n++] = method;
	kv[n++] = "AlarmTime";
	kv[n++] = when;
	if (text) {
		kv[n++] = "AlarmDescription";
		kv[n++] = text;
	}
	if (type) {
		kv[n++] = "Info/AlarmType";
		kv[n++] = type;
	}
	kv[n] = NULL;
	snprintf(sn, sizeof sn, "%u", ++s->sn);
	if ((body = manscdp_build(MANSCDP_NOTIFY, "Alarm", s->sn, channel, kv, &len))) {
		sim_say("alarm-sent %s", sn);
		send_message(s, body, len, sn, alarm_answered_cb);
		free(body);
	}
}

static void command(void *ctx, char *line)
{
	struct sim *s = ctx;

	if (strncmp(line, "alarm ", 6) == 0) {
		send_alarm(s, line + 6);
	} else if (strcmp(line, "keepalive off") == 0 || strcmp(line, "keepalive on") == 0) {
		s->keepalive_on = line[11] == 'n';
		sim_say("keepalive %s", s->keepalive_on ? "on" : "off");
	} else if (strcmp(line, "controls ok") == 0 || strcmp(line, "controls error") == 0 ||
		   strcmp(line, "controls silent") == 0) {
		snprintf(s->controls, sizeof s->controls, "%s", line + 9);
		sim_say("controls %s", s->controls);
	} else if (strcmp(line, "unregister") == 0) {
		s->expires = 0;
		send_register(s, NULL);
	} else if (strcmp(line, "quit") == 0) {
		stop(s, 0);
	} else if (line[0]) {
		sim_say("error: unknown command '%.60s'", line);
	}
}

/* The server's requests: a Catalog query, an alarm's Response. */
static void on_request(void *ctx, osip_message_t *req, const struct sip_peer *from)
{
	struct sim *s = ctx;
	struct manscdp m;
	const char *body;
	size_t len = 0;
	char err[160], *answer;

	if (!MSG_IS_MESSAGE(req) || (body = sip_body(req, &len)) == NULL ||
	    manscdp_parse(body, len, &m, err, sizeof err)) {
		sip_link_reply(s->link, from, req, sip_response(req, 400, s->tag));
		return;
	}
	sip_link_reply(s->link, from, req, sip_response(req, 200, s->tag));
	if (m.root == MANSCDP_QUERY && strcmp(m.cmd, "Catalog") == 0) {
		if ((answer = manscdp_catalog(m.sn, s->id, s->nchannels, s->channels, s->nchannels,
					      &len))) {
			send_message(s, answer, len, "Catalog", NULL);
			free(answer);
		}
		sim_say("catalog %lu", m.sn);
	} else if (m.root == MANSCDP_CONTROL && strcmp(m.cmd, "DeviceControl") == 0) {
		const char *kv[] = {"Result", strcmp(s->controls, "ok") == 0 ? "OK" : "ERROR",
				    NULL};
		sim_say("control %lu %s %s", m.sn,
			m.guard[0] ? "GuardCmd"
			: m.ptz[0] ? "PTZCmd"
				   : "AlarmCmd",
			m.guard[0] ? m.guard
			: m.ptz[0] ? m.ptz
				   : m.alarm_cmd);
		if (strcmp(s->controls, "silent") != 0 && !m.ptz[0] && /* PTZ: no Response */
		    (answer =
			 manscdp_build(MANSCDP_RESPONSE, "DeviceControl", m.sn, s->id, kv, &len))) {
			send_message(s, answer, len, "DeviceControl", NULL);
			free(answer);
		}
	} else if (m.root == MANSCDP_RESPONSE && strcmp(m.cmd, "Alarm") == 0) {
		sim_say("alarm-response %lu %s", m.sn, m.result);
	} else {
		sim_say("request %s %s", m.cmd, m.guard[0] ? m.guard : m.alarm_cmd);
	}
}

/* Commands are read once the device is registered (they need it). */
static void read_commands(struct sim *s)
{
	s->reading = true;
	sim_lines_start(&s->in, s->loop, command, s);
}

int gbsim_main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"to", 1, NULL, 't'},
	    {"id", 1, NULL, 'i'},
	    {"password", 1, NULL, 'p'},
	    {"server", 1, NULL, 's'},
	    {"tcp", 0, NULL, 'T'},
	    {"listen", 1, NULL, 'l'},
	    {"keepalive", 1, NULL, 'k'},
	    {"expires", 1, NULL, 'e'},
	    {"channel", 1, NULL, 'c'},
	    {"register-only", 0, NULL, 'r'},
	    {"exit-with-parent", 0, NULL, 'x'},
	    {"help", 0, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	static struct sim s;
	uv_loop_t loop;
	const char *to = NULL, *listen = "127.0.0.1:0", *server = "34020000002000000001@3402000000";
	char err[300];
	int c;

	s.keepalive_s = 60;
	s.expires = 3600;
	s.keepalive_on = true;
	snprintf(s.controls, sizeof s.controls, "ok");
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			to = optarg;
			break;
		case 'i':
			s.id = optarg;
			break;
		case 'p':
			s.password = optarg;
			break;
		case 's':
			server = optarg;
			break;
		case 'T':
			s.server.tcp = true;
			break;
		case 'l':
			listen = optarg;
			break;
		case 'k':
			s.keepalive_s = atoi(optarg);
			break;
		case 'e':
			s.expires = atoi(optarg);
			break;
		case 'r':
			s.register_only = true;
			break;
		case 'x':
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			break; /* as the panel does */
		case 'c': {
			const char *colon = strchr(optarg, ':');
			struct manscdp_item *it = &s.channels[s.nchannels];
			if (colon == NULL || s.nchannels == SIM_CHANNELS) {
				fprintf(stderr, "gbsim: --channel ID:NAME (at most %d)\n",
					SIM_CHANNELS);
				return 2;
			}
			snprintf(it->id, sizeof it->id, "%.*s", (int)(colon - optarg), optarg);
			snprintf(it->name, sizeof it->name, "%s", colon + 1);
			snprintf(it->status, sizeof it->status, "ON");
			s.nchannels++;
			break;
		}
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (to == NULL || s.id == NULL || s.password == NULL || !gb_id_ok(s.id) ||
	    sscanf(server, "%20[0-9]@%15[0-9]", s.server_id, s.domain) != 2 || s.keepalive_s < 1) {
		fputs(usage, stderr);
		return 2;
	}
	if (sockaddr_parse("--to", to, &s.server.addr, err, sizeof err)) {
		fprintf(stderr, "gbsim: %s\n", err);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	uv_loop_init(&loop);
	s.loop = &loop;
	if ((s.link = sip_link_start(&loop, "--listen", listen, "gbsim", on_request, &s, err,
				     sizeof err)) == NULL) {
		fprintf(stderr, "gbsim: %s\n", err);
		return 1;
	}
	sip_token(s.call_id, sizeof s.call_id);
	sip_token(s.tag, sizeof s.tag);
	uv_timer_init(&loop, &s.keepalive);
	s.keepalive.data = &s;
	uv_timer_start(&s.keepalive, keepalive_cb, (uint64_t)s.keepalive_s * 1000,
		       (uint64_t)s.keepalive_s * 1000);
	send_register(&s, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return s.status;
}
