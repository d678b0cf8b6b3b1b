/* panel_sim.c — `alarmdesk-center panel`: an alarm panel's IP communicator
 * for tests and demos. It sends real SIA DC-09 frames (plain or encrypted,
 * TCP or UDP) to a receiver and checks each reply: one line per event,
 * "0001 ADM:1130 01 012 → ACK (3 ms)" (the time to the reply), and exit
 * status 0 only when every reply was
 * the expected one. Blocking sockets: it is a command, not the center. */
#include "panel_sim.h"

#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dc09.h"
#include "dc09_crypt.h"

#define REPLY_TIMEOUT_MS 5000

static const char usage[] =
	"usage: alarmdesk-center panel --to HOST:PORT --account ACCT [OPTION]... EVENT...\n"
	"Sends each EVENT as a SIA DC-09 frame and checks the reply.\n"
	"  EVENT is NULL (link test), ADM:QXYZ GG CCC (Contact ID, e.g. 'ADM:1130 01 012')\n"
	"  or SIA:DATA (SIA DCS, e.g. 'SIA:Nri1/BA012').\n"
	"      --to HOST:PORT     the receiver\n"
	"      --account ACCT     the panel's account (3-16 hex digits)\n"
	"      --key KEY          encrypt with AES (16, 24 or 32 characters)\n"
	"      --udp              over UDP (default TCP, one connection for all events)\n"
	"      --receiver R --line L  the frame's receiver and line (default R1, L1)\n"
	"      --seq N            the first sequence number (default 1)\n"
	"      --clock-offset S   the panel's clock is S seconds off (window tests)\n"
	"      --time T           the frames' timestamp, T seconds since 1970 (a retry\n"
	"                         sent again by another run, to another receiver, is\n"
	"                         the same frame)\n"
	"      --expect TOKEN     the reply each frame must get (default ACK)\n"
	"      --repeat           send each frame twice, as a panel whose ACK was lost\n"
	"      --bad-crc          send each frame first with a wrong CRC (never answered)\n"
	"      --times N          send the events N times over (seq goes on; load tests)\n"
	"      --every S          wait S seconds between events (a panel for demos)\n"
	"      --verify URL       add [VURL] to each event: where its images are\n"
	"      --exit-with-parent stop when the process that started it stops\n"
	"      --quiet            print only a summary: replies, slowest, p99 (ms)\n";

struct sim {
	int fd;
	bool udp;
	struct sockaddr_storage to;
	socklen_t tolen;
	const char *account, *key, *receiver, *line, *expect, *verify;
	long clock_offset_s;
	int64_t time_ms; /* the timestamp of every frame; 0: now */
	bool repeat, bad_crc, quiet;
	int64_t *took; /* each reply's time, for the summary */
	size_t ntook;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int connect_to(struct sim *s, const char *hostport)
{
	const char *colon = strrchr(hostport, ':');
	char host[256];
	struct addrinfo hints = {.ai_socktype = s->udp ? SOCK_DGRAM : SOCK_STREAM}, *res;

	if (colon == NULL || (size_t)(colon - hostport) >= sizeof host) {
		fprintf(stderr, "panel: --to %s: expected HOST:PORT\n", hostport);
		return -1;
	}
	snprintf(host, sizeof host, "%.*s", (int)(colon - hostport), hostport);
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0) {
		fprintf(stderr, "panel: cannot resolve %s\n", host);
		return -1;
	}
	s->fd = socket(res->ai_family, res->ai_socktype, 0);
	memcpy(&s->to, res->ai_addr, res->ai_addrlen);
	s->tolen = res->ai_addrlen;
	freeaddrinfo(res);
	if (s->fd < 0 || (!s->udp && connect(s->fd, (struct sockaddr *)&s->to, s->tolen) != 0)) {
		fprintf(stderr, "panel: cannot connect to %s: %s\n", hostport, strerror(errno));
		return -1;
	}
	return 0;
}

/* One reply frame (between LF and CR) into out; -1 on timeout or error. */
static int read_reply(struct sim *s, char *out, size_t cap)
{
	static char buf[DC09_MAX_FRAME * 2 + 16];
	static size_t have;

	for (;;) {
		const char *fr;
		size_t fl, used;
		enum dc09_verdict v;
		struct pollfd p = {s->fd, POLLIN, 0};
		ssize_t n;
		used = dc09_next(buf, have, &fr, &fl, &v);
		if (v != DC09_NEED_MORE && fr && fl < cap) {
			memcpy(out, fr, fl);
			out[fl] = '\0';
		}
		memmove(buf, buf + used, have - used);
		have -= used;
		if (v == DC09_OK)
			return 0;
		if (v != DC09_NEED_MORE)
			continue; /* a broken reply: wait for a good one */
		if (poll(&p, 1, REPLY_TIMEOUT_MS) != 1)
			return -1;
		n = recv(s->fd, buf + have, sizeof buf - have, 0);
		if (n <= 0)
			return -1;
		have += (size_t)n;
	}
}

static int send_all(struct sim *s, const char *frame, size_t len)
{
	if (s->udp)
		return sendto(s->fd, frame, len, 0, (struct sockaddr *)&s->to, s->tolen) == (ssize_t)len
			       ? 0
			       : -1;
	while (len) {
		ssize_t n = send(s->fd, frame, len, MSG_NOSIGNAL);
		if (n <= 0)
			return -1;
		frame += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Builds the frame of one event. */
static size_t frame_of(const struct sim *s, const char *event, int seq, char *out, size_t cap)
{
	char token[16], data[600], body[DC09_MAX_FRAME], acct[24], seqs[8], ts[22], plain[1000];
	char tail[300];
	bool null = strcmp(event, "NULL") == 0;

	if (null)
		data[0] = '\0';
	else if (strncmp(event, "ADM:", 4) == 0 || strncmp(event, "SIA:", 4) == 0)
		snprintf(data, sizeof data, "#%s|%s", s->account, event + 4);
	else
		return 0;
	snprintf(token, sizeof token, "%s%s", s->key ? "*" : "",
		 null ? "NULL" : event[0] == 'A' ? "ADM-CID" : "SIA-DCS");
	snprintf(acct, sizeof acct, "#%s", s->account);
	snprintf(seqs, sizeof seqs, "%04d", seq % 10000);
	dc09_time_format(s->time_ms ? s->time_ms : now_ms() + s->clock_offset_s * 1000, ts);
	/* After the data block: the verification address (xdata), then the time. */
	if (s->verify && !null)
		snprintf(tail, sizeof tail, "[V%s]%s", s->verify, ts);
	else
		snprintf(tail, sizeof tail, "%s", ts);
	if (s->key) {
		snprintf(plain, sizeof plain, "%s%s]%s", data[0] ? "|" : "", data, tail);
		if (dc09_encrypt(s->key, plain, body, sizeof body) == 0)
			return 0;
	} else {
		snprintf(body, sizeof body, "[%s]%s", data, tail);
	}
	return dc09_build(out, cap, token, seqs, s->receiver, s->line, acct, body);
}

/* Sends one event and checks its reply; 0 when it is the expected one. */
static int one(struct sim *s, const char *event, int seq)
{
	char frame[DC09_MAX_FRAME + 16], reply[DC09_MAX_FRAME + 1];
	size_t n = frame_of(s, event, seq, frame, sizeof frame);
	struct dc09_frame f;
	int ok = 1;

	if (n == 0) {
		fprintf(stderr, "panel: event '%s': not NULL, ADM:… or SIA:…\n", event);
		return -1;
	}
	if (s->bad_crc) {
		/* The same frame with its first CRC digit changed, just before it:
		 * the reply read next must be the good frame's (same seq). */
		char bad[DC09_MAX_FRAME + 16];
		memcpy(bad, frame, n);
		bad[1] = bad[1] == '0' ? '1' : '0';
		if (send_all(s, bad, n))
			return -1;
	}
	for (int times = s->repeat ? 2 : 1; times > 0; times--) {
		int64_t sent = now_ms();
		if (send_all(s, frame, n) || read_reply(s, reply, sizeof reply)) {
			printf("%04d %s → no reply\n", seq % 10000, event);
			return -1;
		}
		if (dc09_parse(reply, strlen(reply), &f) != DC09_OK) {
			printf("%04d %s → unreadable reply\n", seq % 10000, event);
			return -1;
		}
		/* An encrypted ACK must open with our key and echo the header. */
		if (f.encrypted && (s->key == NULL || dc09_decrypt(&f, s->key))) {
			printf("%04d %s → %s that does not decrypt\n", seq % 10000, event, f.token_text);
			return -1;
		}
		if (!s->quiet)
			printf("%04d %s → %s%s (%lld ms)\n", seq % 10000, event, f.encrypted ? "*" : "",
			       f.token_text, (long long)(now_ms() - sent));
		if (s->took)
			s->took[s->ntook++] = now_ms() - sent;
		ok &= strcmp(f.token_text, s->expect) == 0 &&
		      (strcmp(s->expect, "ACK") != 0 ||
		       (atoi(f.seq) == seq % 10000 && strcmp(f.account, s->account) == 0));
	}
	return ok ? 0 : 1;
}

int panel_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"to", 1, NULL, 't'},       {"account", 1, NULL, 'a'}, {"key", 1, NULL, 'k'},
		{"udp", 0, NULL, 'u'},      {"receiver", 1, NULL, 'r'}, {"line", 1, NULL, 'l'},
		{"seq", 1, NULL, 's'},      {"clock-offset", 1, NULL, 'o'},
		{"expect", 1, NULL, 'e'},   {"repeat", 0, NULL, 'p'},  {"help", 0, NULL, 'h'},
		{"bad-crc", 0, NULL, 'b'},  {"times", 1, NULL, 'n'},    {"quiet", 0, NULL, 'q'},
		{"every", 1, NULL, 'w'},    {"exit-with-parent", 0, NULL, 'x'},
		{"verify", 1, NULL, 'v'},   {"time", 1, NULL, 'T'},
		{NULL, 0, NULL, 0},
	};
	struct sim s = {.fd = -1, .receiver = "R1", .line = "L1", .expect = "ACK"};
	const char *to = NULL;
	int c, seq = 1, bad = 0, times = 1;
	double every = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't': to = optarg; break;
		case 'a': s.account = optarg; break;
		case 'k': s.key = optarg; break;
		case 'u': s.udp = true; break;
		case 'r': s.receiver = optarg; break;
		case 'l': s.line = optarg; break;
		case 's': seq = atoi(optarg); break;
		case 'o': s.clock_offset_s = strtol(optarg, NULL, 10); break;
		case 'e': s.expect = optarg; break;
		case 'p': s.repeat = true; break;
		case 'b': s.bad_crc = true; break;
		case 'n': times = atoi(optarg) < 1 ? 1 : atoi(optarg); break;
		case 'q': s.quiet = true; break;
		case 'w': every = strtod(optarg, NULL); break;
		case 'v': s.verify = optarg; break;
		case 'T': s.time_ms = strtoll(optarg, NULL, 10) * 1000; break;
		case 'x': prctl(PR_SET_PDEATHSIG, SIGTERM); break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (to == NULL || s.account == NULL || optind == argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (s.key && !dc09_key_ok(s.key)) {
		fprintf(stderr, "panel: --key: 16, 24 or 32 characters\n");
		return 2;
	}
	if (connect_to(&s, to))
		return 2;
	s.took = calloc((size_t)times * (size_t)(argc - optind) * 2 + 1, sizeof *s.took);
	for (int t = 0; t < times && !(bad & 2); t++)
		for (int i = optind; i < argc; i++, seq++) {
			int rc;
			if (every > 0 && (t || i > optind)) {
				/* Pacing a command's output, not waiting for an event. */
				struct timespec ts = {(time_t)every, (long)((every - (time_t)every) * 1e9)};
				nanosleep(&ts, NULL);
			}
			rc = one(&s, argv[i], seq);
			fflush(stdout);
			if (rc < 0) {
				bad = 3;
				break;
			}
			bad |= rc;
		}
	if (s.quiet && s.ntook) {
		int64_t *v = s.took;
		for (size_t i = 1; i < s.ntook; i++) /* insertion sort: a few thousand */
			for (size_t k = i; k > 0 && v[k] < v[k - 1]; k--) {
				int64_t x = v[k];
				v[k] = v[k - 1];
				v[k - 1] = x;
			}
		printf("replies %zu slowest %lld p99 %lld\n", s.ntook, (long long)v[s.ntook - 1],
		       (long long)v[(s.ntook * 99) / 100 < s.ntook ? (s.ntook * 99) / 100 : s.ntook - 1]);
	}
	free(s.took);
	bad = bad ? 1 : 0;
	fflush(stdout);
	close(s.fd);
	return bad;
}
