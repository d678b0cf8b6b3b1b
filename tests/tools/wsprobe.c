/* wsprobe — a WebSocket client for tests that is not libwebsockets: plain
 * sockets and poll(2), RFC 6455 framing written out here, so the center is
 * checked against a peer that shares none of its code.
 *
 *   wsprobe [-b SRC_ADDR] [-n CONNS] [-q] HOST PORT [FRAME...]
 *
 * Opens CONNS connections (default 1) at once, from SRC_ADDR when given,
 * sends the alarmdesk.v1 upgrade, then the FRAMEs in order on each:
 *   TEXT        a text frame
 *   @bin:TEXT   a binary frame
 *   @big:N      a text frame of N bytes ('x')
 *   @hex:HEX    a text frame with exactly these bytes (e.g. invalid UTF-8)
 *   @wait:STR   send nothing until a received text frame contains STR
 *   @close:CODE a close frame with that code
 * Prints one line per event, "<conn> <ms since start> <event>":
 *   < TEXT            a text frame received (not with -q)
 *   close CODE REASON a close frame received (CODE 1005 if it had none)
 *   eof               the peer closed TCP without a close frame
 *   error WHAT        connect or handshake failed
 * Exits when every connection has ended: 0, or 1 when one had an error. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 1024
#define RX_MAX (1 << 20)

struct conn {
	int fd;
	bool upgraded, done;
	int next_frame; /* index into the frame list */
	unsigned char *rx;
	size_t rxlen;
	unsigned char *msg; /* a fragmented message being put together */
	size_t msglen;
};

static char **frames;
static int nframes;
static bool quiet;
static struct timespec t0;

static long ms_since_start(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
}

static void event(int i, const char *fmt, const char *a, size_t alen)
{
	printf("%d %ld ", i, ms_since_start());
	printf(fmt, (int)alen, a);
	putchar('\n');
	fflush(stdout);
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pf = {fd, POLLOUT, 0};
			poll(&pf, 1, 1000);
			continue;
		}
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Sends one masked client frame. */
static int send_frame(int fd, int opcode, const unsigned char *data, size_t len)
{
	unsigned char *buf = malloc(len + 14), mask[4];
	size_t h = 0;
	int rc;

	if (buf == NULL)
		return -1;
	for (int k = 0; k < 4; k++)
		mask[k] = (unsigned char)rand();
	buf[h++] = (unsigned char)(0x80 | opcode);
	if (len < 126) {
		buf[h++] = (unsigned char)(0x80 | len);
	} else if (len < 65536) {
		buf[h++] = 0x80 | 126;
		buf[h++] = (unsigned char)(len >> 8);
		buf[h++] = (unsigned char)len;
	} else {
		buf[h++] = 0x80 | 127;
		for (int k = 7; k >= 0; k--)
			buf[h++] = (unsigned char)((uint64_t)len >> (8 * k));
	}
	memcpy(buf + h, mask, 4);
	h += 4;
	for (size_t k = 0; k < len; k++)
		buf[h + k] = data[k] ^ mask[k % 4];
	rc = write_all(fd, buf, h + len);
	free(buf);
	return rc;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Sends frames from next_frame on, up to the first @wait not yet met. */
static void send_frames(struct conn *c)
{
	while (c->next_frame < nframes) {
		const char *f = frames[c->next_frame];
		if (strncmp(f, "@wait:", 6) == 0)
			return;
		c->next_frame++;
		if (strncmp(f, "@bin:", 5) == 0) {
			send_frame(c->fd, 2, (const unsigned char *)f + 5, strlen(f + 5));
		} else if (strncmp(f, "@big:", 5) == 0) {
			size_t n = strtoul(f + 5, NULL, 10);
			unsigned char *b = malloc(n ? n : 1);
			if (b) {
				memset(b, 'x', n);
				send_frame(c->fd, 1, b, n);
				free(b);
			}
		} else if (strncmp(f, "@hex:", 5) == 0) {
			unsigned char b[4096];
			size_t n = 0;
			for (const char *p = f + 5; p[0] && p[1] && n < sizeof b; p += 2)
				b[n++] = (unsigned char)(hexval(p[0]) << 4 | hexval(p[1]));
			send_frame(c->fd, 1, b, n);
		} else if (strncmp(f, "@close:", 7) == 0) {
			unsigned code = (unsigned)strtoul(f + 7, NULL, 10);
			unsigned char b[2] = {(unsigned char)(code >> 8), (unsigned char)code};
			send_frame(c->fd, 8, b, 2);
		} else {
			send_frame(c->fd, 1, (const unsigned char *)f, strlen(f));
		}
	}
}

static void got_text(int i, struct conn *c, const unsigned char *p, size_t n)
{
	if (!quiet)
		event(i, "< %.*s", (const char *)p, n);
	if (c->next_frame < nframes && strncmp(frames[c->next_frame], "@wait:", 6) == 0 &&
	    memmem(p, n, frames[c->next_frame] + 6, strlen(frames[c->next_frame] + 6))) {
		c->next_frame++;
		send_frames(c);
	}
}

static void finish(struct conn *c)
{
	c->done = true;
	close(c->fd);
}

/* Handles every complete server frame in rx. */
static void parse_frames(int i, struct conn *c)
{
	size_t off = 0;

	while (!c->done && c->rxlen - off >= 2) {
		unsigned char *p = c->rx + off;
		int fin = p[0] & 0x80, opcode = p[0] & 0x0f;
		uint64_t len = p[1] & 0x7f;
		size_t h = 2;
		if (p[1] & 0x80) {
			event(i, "error %.*s", "masked server frame", 19);
			finish(c);
			return;
		}
		if (len == 126) {
			if (c->rxlen - off < 4)
				break;
			len = (uint64_t)p[2] << 8 | p[3];
			h = 4;
		} else if (len == 127) {
			if (c->rxlen - off < 10)
				break;
			len = 0;
			for (int k = 0; k < 8; k++)
				len = len << 8 | p[2 + k];
			h = 10;
		}
		if (len > RX_MAX) {
			event(i, "error %.*s", "frame too large", 15);
			finish(c);
			return;
		}
		if (c->rxlen - off < h + len)
			break;
		p += h;
		off += h + len;
		if (opcode == 8) {
			char line[200];
			unsigned code = len >= 2 ? (unsigned)(p[0] << 8 | p[1]) : 1005;
			int n = snprintf(line, sizeof line, "close %u %.*s", code,
					 len > 2 ? (int)(len - 2 > 150 ? 150 : len - 2) : 0,
					 (const char *)p + 2);
			event(i, "%.*s", line, (size_t)n);
			send_frame(c->fd, 8, p, len >= 2 ? 2 : 0);
			finish(c);
			return;
		}
		if (opcode == 9) {
			send_frame(c->fd, 10, p, (size_t)len);
			continue;
		}
		if (opcode == 10)
			continue;
		if (opcode == 0 || !fin) {
			unsigned char *m = realloc(c->msg, c->msglen + len + 1);
			if (m == NULL)
				exit(2);
			memcpy(m + c->msglen, p, (size_t)len);
			c->msg = m;
			c->msglen += (size_t)len;
			if (fin) {
				got_text(i, c, c->msg, c->msglen);
				c->msglen = 0;
			}
			continue;
		}
		got_text(i, c, p, (size_t)len);
	}
	memmove(c->rx, c->rx + off, c->rxlen - off);
	c->rxlen -= off;
}

/* Reads the 101 response; what follows it is the first frames. */
static void parse_upgrade(int i, struct conn *c)
{
	unsigned char *end = memmem(c->rx, c->rxlen, "\r\n\r\n", 4);
	size_t hl;

	if (end == NULL)
		return;
	hl = (size_t)(end - c->rx) + 4;
	if (c->rxlen < 12 || memcmp(c->rx + 9, "101", 3) != 0) {
		event(i, "error upgrade refused: %.*s", (const char *)c->rx,
		      strcspn((const char *)c->rx, "\r"));
		finish(c);
		return;
	}
	c->upgraded = true;
	memmove(c->rx, c->rx + hl, c->rxlen - hl);
	c->rxlen -= hl;
	send_frames(c);
}

static int open_conn(const char *src, const char *host, int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0 || inet_pton(AF_INET, host, &a.sin_addr) != 1)
		return -1;
	if (src) {
		struct sockaddr_in b = {.sin_family = AF_INET};
		if (inet_pton(AF_INET, src, &b.sin_addr) != 1 ||
		    bind(fd, (struct sockaddr *)&b, sizeof b) != 0) {
			close(fd);
			return -1;
		}
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	static struct conn conns[MAX_CONNS];
	static struct pollfd pfd[MAX_CONNS];
	const char *src = NULL, *host;
	char req[512];
	int n = 1, port, opt, failed = 0, left;

	while ((opt = getopt(argc, argv, "b:n:q")) != -1) {
		switch (opt) {
		case 'b': src = optarg; break;
		case 'n': n = atoi(optarg); break;
		case 'q': quiet = true; break;
		default: return 2;
		}
	}
	if (argc - optind < 2 || n < 1 || n > MAX_CONNS) {
		fprintf(stderr, "usage: wsprobe [-b SRC] [-n CONNS] [-q] HOST PORT [FRAME...]\n");
		return 2;
	}
	host = argv[optind];
	port = atoi(argv[optind + 1]);
	frames = argv + optind + 2;
	nframes = argc - optind - 2;
	signal(SIGPIPE, SIG_IGN); /* a peer that closed first is an event, not a crash */
	srand((unsigned)getpid());
	clock_gettime(CLOCK_MONOTONIC, &t0);
	snprintf(req, sizeof req,
		 "GET / HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
		 "Sec-WebSocket-Key: d3Nwcm9iZS1ub25jZS0xIQ==\r\nSec-WebSocket-Version: 13\r\n"
		 "Sec-WebSocket-Protocol: alarmdesk.v1\r\n\r\n",
		 host, port);
	for (int i = 0; i < n; i++) {
		conns[i].fd = open_conn(src, host, port);
		conns[i].rx = malloc(RX_MAX + 16);
		if (conns[i].fd < 0 || conns[i].rx == NULL ||
		    write_all(conns[i].fd, (unsigned char *)req, strlen(req))) {
			event(i, "error %.*s", strerror(errno), strlen(strerror(errno)));
			conns[i].done = true;
			failed = 1;
		}
	}
	for (;;) {
		left = 0;
		for (int i = 0; i < n; i++) {
			pfd[i].fd = conns[i].done ? -1 : conns[i].fd;
			pfd[i].events = POLLIN;
			left += !conns[i].done;
		}
		if (left == 0)
			break;
		if (poll(pfd, (nfds_t)n, -1) < 0 && errno != EINTR)
			return 2;
		for (int i = 0; i < n; i++) {
			struct conn *c = &conns[i];
			ssize_t r;
			if (c->done || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = read(c->fd, c->rx + c->rxlen, RX_MAX + 16 - c->rxlen);
			if (r <= 0) {
				if (r < 0 && errno == EINTR)
					continue;
				event(i, c->upgraded ? "eof%.*s" : "error closed before the upgrade%.*s",
				      "", 0);
				failed |= !c->upgraded;
				finish(c);
				continue;
			}
			c->rxlen += (size_t)r;
			if (!c->upgraded)
				parse_upgrade(i, c);
			if (c->upgraded && !c->done)
				parse_frames(i, c);
			if (!c->done && c->rxlen >= RX_MAX + 16) {
				event(i, "error %.*s", "receive buffer full", 19);
				finish(c);
			}
		}
	}
	return failed;
}
