/* bcast_anchor.c — the fan-out anchor (issue 13): the least a WebSocket
 * broadcast server can do, on plain blocking sockets. It takes CONNS
 * clients (the opening handshake, then a `synced` frame), then sends N
 * alarm-like text frames of BYTES bytes to every client at RATE a second,
 * each frame framed once and written to each socket in turn, and prints the
 * CPU it spent sending per frame delivered to one client. It closes a
 * socket only after its client did (unread data would reset the link).
 *
 *   bcast_anchor PORT CONNS N RATE BYTES      (PORT 0: any; printed)
 *
 * Prints "listening on PORT", then "cpu_us_per_frame X sent N". */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ws_plain.h"

#define MAX_CONNS 1000

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv)
{
	static int fds[MAX_CONNS];
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof sa;
	int lfd, one = 1, conns, n, rate, bytes;
	unsigned char *buf;
	char *text;
	double t0, c0, c1;

	if (argc != 6 || (conns = atoi(argv[2])) < 1 || conns > MAX_CONNS ||
	    (n = atoi(argv[3])) < 1 || (rate = atoi(argv[4])) < 1 || (bytes = atoi(argv[5])) < 64 ||
	    bytes > 60000) {
		fprintf(stderr, "usage: bcast_anchor PORT CONNS(1-%d) N RATE BYTES(64-60000)\n",
			MAX_CONNS);
		return 2;
	}
	sa.sin_port = htons((uint16_t)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) || listen(lfd, 1024) ||
	    getsockname(lfd, (struct sockaddr *)&sa, &sl)) {
		perror("bcast_anchor: listen");
		return 1;
	}
	printf("listening on %d\n", ntohs(sa.sin_port));
	fflush(stdout);
	buf = malloc((size_t)bytes + 16);
	text = malloc((size_t)bytes + 1);
	for (int i = 0; i < conns; i++) {
		const char *synced = "{\"type\":\"synced\",\"seq\":0}";
		if ((fds[i] = accept(lfd, NULL, NULL)) < 0 || handshake(fds[i]) ||
		    write_all(fds[i], buf, frame(buf, synced, strlen(synced)))) {
			fprintf(stderr, "bcast_anchor: client %d: handshake failed\n", i);
			return 1;
		}
		setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	}
	t0 = now_s();
	c0 = cpu_s();
	for (int sent = 0; sent < n;) {
		if (sent >= (now_s() - t0) * rate) {
			/* Pacing the source (the center's generator runs on a timer too). */
			struct timespec ms = {0, 1000000};
			nanosleep(&ms, NULL);
			continue;
		}
		int len = snprintf(text, (size_t)bytes + 1, "{\"type\":\"alarm\",\"seq\":%d,\"pad\":\"", sent + 1);
		memset(text + len, 'x', (size_t)bytes - (size_t)len - 2);
		memcpy(text + bytes - 2, "\"}", 2);
		size_t fl = frame(buf, text, (size_t)bytes);
		for (int i = 0; i < conns; i++)
			if (write_all(fds[i], buf, fl)) {
				fprintf(stderr, "bcast_anchor: client %d went\n", i);
				return 1;
			}
		sent++;
	}
	c1 = cpu_s();
	printf("cpu_us_per_frame %.2f sent %d\n", (c1 - c0) * 1e6 / ((double)n * conns), n);
	fflush(stdout);
	for (int i = 0; i < conns; i++) { /* until the client closes */
		char sink[4096];
		while (read(fds[i], sink, sizeof sink) > 0)
			;
		close(fds[i]);
	}
	return 0;
}
