/* dc09_load.c — a paced SIA DC-09 load: CONNS panels, each on its own TCP
 * connection, send RATE events per second in all for SECS seconds, each
 * panel waiting for its ACK before its next frame (as panels do). Every
 * fourth panel encrypts (AES-256). Prints one line per frame to OUT
 * ("ACCOUNT SEQ SENT_MS ACK_US", ACK_US -1 when no ACK came within 5 s) and
 * a summary on stdout: frames sent, acknowledged, lost, the ACK time
 * (p50, p99, max) and how far the sends fell behind the schedule.
 *   dc09_load HOST:PORT CONNS RATE SECS FIRST_ACCOUNT OUT */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../center/dc09.h"
#include "../../center/dc09_crypt.h"

#define KEY "00112233445566778899AABBCCDDEEFF"
#define TIMEOUT_US 5000000

struct conn {
	int fd;
	char account[12];
	const char *key;
	int seq;
	bool waiting;
	long cur;        /* the frame waiting for its ACK */
	long *due;       /* frames due and not sent yet (a FIFO of frame indexes) */
	size_t ndue, hdue;
	char buf[4096];
	size_t have;
};

struct frame_rec {
	int conn, seq;
	int64_t due_us, sent_us, ack_us; /* ack_us: -1 lost */
};

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int dial(const char *hostport)
{
	char host[256];
	const char *colon = strrchr(hostport, ':');
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res;
	int fd;

	if (colon == NULL || (size_t)(colon - hostport) >= sizeof host)
		return -1;
	snprintf(host, sizeof host, "%.*s", (int)(colon - hostport), hostport);
	if (getaddrinfo(host, colon + 1, &hints, &res))
		return -1;
	fd = socket(res->ai_family, SOCK_STREAM, 0);
	if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen)) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

static size_t build(const struct conn *c, int zone, char *out, size_t cap)
{
	char data[64], body[DC09_MAX_FRAME], plain[128], acct[16], seq[8], ts[22];

	snprintf(data, sizeof data, "#%s|1130 01 %03d", c->account, zone);
	snprintf(acct, sizeof acct, "#%s", c->account);
	snprintf(seq, sizeof seq, "%04d", c->seq);
	dc09_time_format(now_us() / 1000, ts);
	if (c->key) {
		snprintf(plain, sizeof plain, "|%s]%s", data, ts);
		if (dc09_encrypt(c->key, plain, body, sizeof body) == 0)
			return 0;
	} else {
		snprintf(body, sizeof body, "[%s]%s", data, ts);
	}
	return dc09_build(out, cap, c->key ? "*ADM-CID" : "ADM-CID", seq, "R1", "L1", acct, body);
}

/* The reply on c, when a whole one is in; true when it is this frame's ACK. */
static int take_reply(struct conn *c)
{
	const char *fr;
	size_t fl, used;
	enum dc09_verdict v;
	struct dc09_frame f;
	int ok = -1;

	used = dc09_next(c->buf, c->have, &fr, &fl, &v);
	if (v == DC09_NEED_MORE)
		return -1;
	if (v == DC09_OK && dc09_parse(fr, fl, &f) == DC09_OK &&
	    (!f.encrypted || (c->key && dc09_decrypt(&f, c->key) == 0)))
		ok = strcmp(f.token_text, "ACK") == 0 && atoi(f.seq) == c->seq;
	memmove(c->buf, c->buf + used, c->have - used);
	c->have -= used;
	return ok;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int nconn, rate, secs, first;
	long total, next = 0, done = 0, lost = 0, acked = 0;
	struct conn *cs;
	struct frame_rec *fr;
	struct pollfd *pfd;
	int64_t t0, period_us;
	FILE *out;

	if (argc != 7) {
		fprintf(stderr, "usage: dc09_load HOST:PORT CONNS RATE SECS FIRST_ACCOUNT OUT\n");
		return 2;
	}
	nconn = atoi(argv[2]);
	rate = atoi(argv[3]);
	secs = atoi(argv[4]);
	first = atoi(argv[5]);
	total = (long)rate * secs;
	if (nconn < 1 || rate < 1 || secs < 1 || total / nconn > 9999) {
		fprintf(stderr, "dc09_load: bad numbers (at most 9999 frames per connection)\n");
		return 2;
	}
	out = fopen(argv[6], "w");
	cs = calloc((size_t)nconn, sizeof *cs);
	fr = calloc((size_t)total, sizeof *fr);
	pfd = calloc((size_t)nconn, sizeof *pfd);
	if (out == NULL || cs == NULL || fr == NULL || pfd == NULL)
		return 2;
	for (int i = 0; i < nconn; i++) {
		struct conn *c = &cs[i];
		c->fd = dial(argv[1]);
		if (c->fd < 0) {
			fprintf(stderr, "dc09_load: cannot connect to %s: %s\n", argv[1], strerror(errno));
			return 1;
		}
		snprintf(c->account, sizeof c->account, "%d", first + i);
		c->key = i % 4 == 3 ? KEY : NULL;
		c->due = calloc((size_t)(total / nconn + 2), sizeof *c->due);
		pfd[i] = (struct pollfd){c->fd, POLLIN, 0};
	}
	period_us = 1000000 / rate;
	t0 = now_us() + 100000;
	while (done < total) {
		int64_t now = now_us(), wait_us;
		/* What the schedule says is due now goes to its panel's queue. */
		for (; next < total && t0 + next * period_us <= now; next++) {
			struct conn *c = &cs[next % nconn];
			fr[next] = (struct frame_rec){.conn = (int)(next % nconn), .due_us = t0 + next * period_us,
						      .ack_us = -1};
			c->due[c->ndue++] = next;
		}
		for (int i = 0; i < nconn; i++) {
			struct conn *c = &cs[i];
			char frame[DC09_MAX_FRAME + 16];
			size_t n;
			if (c->waiting) {
				if (now - fr[c->cur].sent_us > TIMEOUT_US) {
					c->waiting = false; /* lost: no ACK in time */
					lost++;
					done++;
				}
				continue;
			}
			if (c->hdue == c->ndue)
				continue;
			c->cur = c->due[c->hdue++];
			c->seq = c->seq % 9999 + 1;
			n = build(c, (int)(c->cur / nconn % 3) + 1, frame, sizeof frame);
			fr[c->cur].seq = c->seq;
			fr[c->cur].sent_us = now_us();
			if (n == 0 || send(c->fd, frame, n, MSG_NOSIGNAL) != (ssize_t)n) {
				lost++;
				done++;
				continue;
			}
			c->waiting = true;
		}
		wait_us = next < total ? t0 + next * period_us - now_us() : 5000;
		if (poll(pfd, (nfds_t)nconn, wait_us > 0 ? (int)((wait_us + 999) / 1000) : 0) <= 0)
			continue;
		for (int i = 0; i < nconn; i++) {
			struct conn *c = &cs[i];
			ssize_t n;
			int r;
			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = recv(c->fd, c->buf + c->have, sizeof c->buf - c->have, 0);
			if (n <= 0) {
				fprintf(stderr, "dc09_load: panel %s: the receiver closed the connection\n",
					c->account);
				return 1;
			}
			c->have += (size_t)n;
			while ((r = take_reply(c)) >= 0) {
				if (c->waiting && r == 1) {
					fr[c->cur].ack_us = now_us() - fr[c->cur].sent_us;
					acked++;
					done++;
					c->waiting = false;
				}
			}
		}
	}
	{
		int64_t *ack = calloc((size_t)total, sizeof *ack), lag = 0;
		long n = 0;
		for (long k = 0; k < total; k++) {
			struct conn *c = &cs[fr[k].conn];
			fprintf(out, "%s %04d %lld %lld\n", c->account, fr[k].seq,
				(long long)(fr[k].sent_us / 1000), (long long)fr[k].ack_us);
			if (fr[k].ack_us >= 0)
				ack[n++] = fr[k].ack_us;
			if (fr[k].sent_us - fr[k].due_us > lag)
				lag = fr[k].sent_us - fr[k].due_us;
		}
		qsort(ack, (size_t)n, sizeof *ack, cmp64);
		printf("sent %ld acked %ld lost %ld ack_p50_ms %.1f ack_p99_ms %.1f ack_max_ms %.1f "
		       "behind_schedule_max_ms %.1f\n",
		       total, acked, lost, n ? ack[n / 2] / 1000.0 : -1, n ? ack[n * 99 / 100] / 1000.0 : -1,
		       n ? ack[n - 1] / 1000.0 : -1, lag / 1000.0);
		free(ack);
	}
	fclose(out);
	return lost ? 1 : 0;
}
