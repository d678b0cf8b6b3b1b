/* gb_platform_sim.c — `alarmdesk-center gbplatform`: the upper platform of
 * a GB/T 28181 cascade, as the police alarm-receiving platform is, for
 * tests and the demo. Lower platforms register to it with digest
 * authentication and keep alive; each alarm Notify is answered 200 OK and
 * confirmed with a Response (the receipt), unless told otherwise. Events,
 * one line each on stdout:
 *   listening PORT | registered ID | refused ID | keepalive ID N
 *   alarm SN DEVICE-ID LEVEL DESCRIPTION | receipt SN
 * Commands on stdin: receipts on|off|silent (off: 200 OK but no Response;
 * silent: no answer at all), quit. */
#include "gb_platform_sim.h"

#include <getopt.h>
#include <openssl/rand.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <uv.h>

#include "gb_devices.h"
#include "manscdp.h"
#include "sim_io.h"
#include "sip_link.h"
#include "sockaddr.h"

static const char usage[] =
    "usage: alarmdesk-center gbplatform --id ID --domain DOMAIN --password PW [OPTION]...\n"
    "The upper platform of a GB/T 28181 cascade (the police platform): lower\n"
    "platforms register and keep alive, their alarms are answered with a\n"
    "receipt. stdin: receipts on|off|silent, quit. Events on stdout.\n"
    "      --listen ADDR:PORT its address (default 127.0.0.1:0)\n"
    "      --id ID            its 20-digit ID\n"
    "      --domain DOMAIN    its domain (the realm of its challenges)\n"
    "      --password PW      what lower platforms authenticate with\n"
    "      --exit-with-parent stop when the process that started it stops\n";

struct platform {
	uv_loop_t *loop;
	struct sip_link *link;
	struct sim_lines in;
	const char *id, *domain, *password;
	unsigned char secret[32];
	char tag[20], receipts[8];
	unsigned keepalives, cseq;
};

static void answer(struct platform *p, const osip_message_t *req, const struct sip_peer *from,
		   int code, const char *header, const char *value)
{
	osip_message_t *r = sip_response(req, code, p->tag);

	if (r && header)
		osip_message_set_header(r, header, value);
	sip_link_reply(p->link, from, req, r);
}

static void on_register(struct platform *p, const osip_message_t *req, const struct sip_peer *from)
{
	const char *lower = sip_from_user(req);
	enum sip_auth v = sip_check_authorization(req, lower, p->domain, p->password, p->secret,
						  (int64_t)uv_now(p->loop), 300000);
	char value[200];

	if (v == SIP_AUTH_NONE || v == SIP_AUTH_STALE) {
		sip_challenge(p->secret, p->domain, (int64_t)uv_now(p->loop), v == SIP_AUTH_STALE,
			      value, sizeof value);
		answer(p, req, from, 401, "WWW-Authenticate", value);
		return;
	}
	if (v != SIP_AUTH_OK) {
		answer(p, req, from, 403, NULL, NULL);
		sim_say("refused %s", lower);
		return;
	}
	answer(p, req, from, 200, NULL, NULL);
	sim_say("%s %s", sip_expires(req, 3600) > 0 ? "registered" : "unregistered", lower);
}

static void receipt_cb(void *arg, const char *label, int code, const osip_message_t *resp)
{
	sim_say("receipt %s %d", label, code);
}

/* The Response to a lower platform's alarm: its receipt. */
static void send_receipt(struct platform *p, const char *lower, const struct sip_peer *to,
			 const struct manscdp *m)
{
	const char *kv[] = {"Result", "OK", NULL};
	char uri[120], me[80], them[80], host[64], sn[24], *body;
	size_t len = 0;
	osip_message_t *req;

	if ((body = manscdp_build(MANSCDP_RESPONSE, "Alarm", m->sn, m->device_id, kv, &len)) ==
	    NULL)
		return;
	sockaddr_name((const struct sockaddr *)&to->addr, host, sizeof host);
	snprintf(uri, sizeof uri, "sip:%s@%s", lower, host);
	snprintf(me, sizeof me, "sip:%s@%s", p->id, p->domain);
	snprintf(them, sizeof them, "sip:%s@%s", lower, p->domain);
	req = sip_manscdp_message(uri, me, them, ++p->cseq, body, len);
	free(body);
	snprintf(sn, sizeof sn, "%lu", m->sn);
	if (req)
		sip_link_request(p->link, to, req, 0, sn, receipt_cb, p);
}

static void on_request(void *ctx, osip_message_t *req, const struct sip_peer *from)
{
	struct platform *p = ctx;
	struct manscdp m;
	const char *body;
	size_t len = 0;
	char err[200];

	if (MSG_IS_REGISTER(req)) {
		on_register(p, req, from);
		return;
	}
	if (!MSG_IS_MESSAGE(req) || (body = sip_body(req, &len)) == NULL ||
	    manscdp_parse(body, len, &m, err, sizeof err)) {
		answer(p, req, from, 400, NULL, NULL);
		return;
	}
	if (strcmp(m.cmd, "Keepalive") == 0) {
		answer(p, req, from, 200, NULL, NULL);
		sim_say("keepalive %s %u", sip_from_user(req), ++p->keepalives);
		return;
	}
	if (m.root != MANSCDP_NOTIFY || strcmp(m.cmd, "Alarm") != 0) {
		answer(p, req, from, 200, NULL, NULL);
		return;
	}
	sim_say("alarm %lu %s %d %s", m.sn, m.device_id, m.priority, m.description);
	if (strcmp(p->receipts, "silent") == 0)
		return; /* a platform that never answers */
	answer(p, req, from, 200, NULL, NULL);
	if (strcmp(p->receipts, "on") == 0)
		send_receipt(p, sip_from_user(req), from, &m);
}

static void command(void *ctx, char *line)
{
	struct platform *p = ctx;

	if (strncmp(line, "receipts ", 9) == 0 &&
	    (strcmp(line + 9, "on") == 0 || strcmp(line + 9, "off") == 0 ||
	     strcmp(line + 9, "silent") == 0)) {
		snprintf(p->receipts, sizeof p->receipts, "%s", line + 9);
		sim_say("receipts %s", p->receipts);
	} else if (strcmp(line, "quit") == 0) {
		sim_lines_stop(&p->in);
		sip_link_stop(p->link);
	} else if (line[0]) {
		sim_say("error: unknown command '%.60s'", line);
	}
}

int gbplatform_main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"listen", 1, NULL, 'l'},
	    {"id", 1, NULL, 'i'},
	    {"domain", 1, NULL, 'd'},
	    {"password", 1, NULL, 'p'},
	    {"exit-with-parent", 0, NULL, 'x'},
	    {"help", 0, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	static struct platform p;
	uv_loop_t loop;
	const char *listen = "127.0.0.1:0";
	char err[300];
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			listen = optarg;
			break;
		case 'i':
			p.id = optarg;
			break;
		case 'd':
			p.domain = optarg;
			break;
		case 'p':
			p.password = optarg;
			break;
		case 'x':
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			break; /* as the panel does */
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (p.id == NULL || !gb_id_ok(p.id) || p.domain == NULL || p.password == NULL) {
		fputs(usage, stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	RAND_bytes(p.secret, sizeof p.secret);
	sip_token(p.tag, sizeof p.tag);
	snprintf(p.receipts, sizeof p.receipts, "on");
	uv_loop_init(&loop);
	p.loop = &loop;
	if ((p.link = sip_link_start(&loop, "--listen", listen, "gbplatform", on_request, &p, err,
				     sizeof err)) == NULL) {
		fprintf(stderr, "gbplatform: %s\n", err);
		return 1;
	}
	sim_say("listening %d", sip_link_port(p.link));
	sim_lines_start(&p.in, &loop, command, &p);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return 0;
}
