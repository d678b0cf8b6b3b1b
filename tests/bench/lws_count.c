/* lws_count.c — the ingest anchor (issue 13): a raw libwebsockets client that
 * logs in and only counts alarm frames, nothing decoded, journaled or drawn.
 *
 *   lws_count PORT OPERATOR PASSWORD N
 *
 * Prints "frames N seconds S rate R" for the time from the first alarm frame
 * to the N-th (exit 0), or exits 1 when the link ends first. */
#include <libwebsockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *op, *pw;
static long want, seen;
static double t_first, t_last;
static int done, failed, sent;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	unsigned char buf[LWS_PRE + 512];
	int n;

	(void)user;
	switch (reason) {
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (sent++)
			break;
		n = snprintf((char *)buf + LWS_PRE, sizeof buf - LWS_PRE,
			     "{\"type\":\"hello\",\"version\":1,\"id\":\"hello\",\"console\":\"lws-count\","
			     "\"operator\":\"%s\",\"password\":\"%s\",\"role\":\"operator\"}",
			     op, pw);
		lws_write(wsi, buf + LWS_PRE, (size_t)n, LWS_WRITE_TEXT);
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		/* An alarm frame starts so: the encoder writes "type" first. */
		if (lws_is_first_fragment(wsi) && len > 16 && memcmp(in, "{\"type\":\"alarm\"", 15) == 0) {
			if (seen++ == 0)
				t_first = now_s();
			if (seen == want) {
				t_last = now_s();
				done = 1;
			}
		}
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
	case LWS_CALLBACK_CLIENT_CLOSED:
		failed = !done;
		done = 1;
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
	struct lws_client_connect_info ci;
	struct lws_context *ctx;

	if (argc != 5) {
		fprintf(stderr, "usage: lws_count PORT OPERATOR PASSWORD N\n");
		return 2;
	}
	op = argv[2];
	pw = argv[3];
	want = atol(argv[4]);
	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof info);
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	if ((ctx = lws_create_context(&info)) == NULL)
		return 1;
	memset(&ci, 0, sizeof ci);
	ci.context = ctx;
	ci.address = "127.0.0.1";
	ci.port = atoi(argv[1]);
	ci.path = "/";
	ci.host = ci.address;
	ci.origin = ci.address;
	ci.protocol = protocols[0].name;
	if (lws_client_connect_via_info(&ci) == NULL)
		return 1;
	while (!done)
		lws_service(ctx, 0);
	lws_context_destroy(ctx);
	if (failed || seen < want) {
		fprintf(stderr, "lws_count: the link ended after %ld of %ld alarm frames\n", seen, want);
		return 1;
	}
	printf("frames %ld seconds %.3f rate %.0f\n", seen, t_last - t_first,
	       (seen - 1) / (t_last - t_first));
	return 0;
}
