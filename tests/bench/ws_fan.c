/* ws_fan.c — the fan-out load (issue 13): C WebSocket clients in one
 * process, each logging in (console "fan-<i>") and counting alarm frames,
 * nothing decoded.
 *
 *   ws_fan PORT OPERATOR PASSWORD C N
 *
 * Prints "synced C" once every client is synced (the clock of the one
 * measuring the server starts then), then, when each has N alarm frames,
 * "conns C frames N seconds S" (from the first alarm frame anywhere to the
 * last) and exits 0; exits 1 with how many each got when a link ends first. */
#include <libwebsockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CONNS 1000

struct client {
	int i;
	long seen;
	int sent, synced, gone;
};

static const char *op, *pw;
static long want;
static int nconns, nsynced, ndone, ngone;
static double t_first, t_last;
static struct client clients[MAX_CONNS];

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct client *k = lws_get_opaque_user_data(wsi);
	unsigned char buf[LWS_PRE + 512];
	int n;

	(void)user;
	switch (reason) {
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (k->sent++)
			break;
		n = snprintf((char *)buf + LWS_PRE, sizeof buf - LWS_PRE,
			     "{\"type\":\"hello\",\"version\":1,\"id\":\"hello\",\"console\":\"fan-%d\","
			     "\"operator\":\"%s\",\"password\":\"%s\",\"role\":\"operator\"}",
			     k->i, op, pw);
		lws_write(wsi, buf + LWS_PRE, (size_t)n, LWS_WRITE_TEXT);
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (!lws_is_first_fragment(wsi) || len < 16)
			break;
		/* The encoder writes "type" first. */
		if (memcmp(in, "{\"type\":\"alarm\"", 15) == 0) {
			if (t_first == 0)
				t_first = now_s();
			if (++k->seen == want) {
				t_last = now_s();
				ndone++;
			}
		} else if (!k->synced && memcmp(in, "{\"type\":\"synced\"", 16) == 0) {
			k->synced = 1;
			if (++nsynced == nconns) {
				printf("synced %d\n", nconns);
				fflush(stdout);
			}
		}
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
	case LWS_CALLBACK_CLIENT_CLOSED:
		if (k && !k->gone) {
			k->gone = 1;
			ngone++;
		}
		break;
	default:
		break;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct lws_protocols protocols[] = {{"alarmdesk.v1", cb, 0, 1 << 16, 0, NULL, 0},
							 {NULL, NULL, 0, 0, 0, NULL, 0}};
	struct lws_context_creation_info info;
	struct lws_context *ctx;

	if (argc != 6 || atoi(argv[4]) < 1 || atoi(argv[4]) > MAX_CONNS) {
		fprintf(stderr, "usage: ws_fan PORT OPERATOR PASSWORD CONNS(1-%d) N\n", MAX_CONNS);
		return 2;
	}
	op = argv[2];
	pw = argv[3];
	nconns = atoi(argv[4]);
	want = atol(argv[5]);
	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof info);
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.fd_limit_per_thread = (unsigned)nconns + 16;
	if ((ctx = lws_create_context(&info)) == NULL)
		return 1;
	for (int i = 0; i < nconns; i++) {
		struct lws_client_connect_info ci;
		memset(&ci, 0, sizeof ci);
		clients[i].i = i;
		ci.context = ctx;
		ci.address = "127.0.0.1";
		ci.port = atoi(argv[1]);
		ci.path = "/";
		ci.host = ci.address;
		ci.origin = ci.address;
		ci.protocol = protocols[0].name;
		ci.opaque_user_data = &clients[i];
		if (lws_client_connect_via_info(&ci) == NULL)
			return 1;
	}
	while (ndone < nconns && ngone == 0)
		lws_service(ctx, 0);
	lws_context_destroy(ctx);
	if (ndone < nconns) {
		long least = want;
		for (int i = 0; i < nconns; i++)
			if (clients[i].seen < least)
				least = clients[i].seen;
		fprintf(stderr, "ws_fan: %d links ended; %d of %d clients got %ld frames (the least %ld)\n",
			ngone, ndone, nconns, want, least);
		return 1;
	}
	printf("conns %d frames %ld seconds %.3f\n", nconns, want, t_last - t_first);
	return 0;
}
