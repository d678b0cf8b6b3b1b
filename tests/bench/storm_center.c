/* storm_center.c — the storm source of the frame → screen bench (issue 13):
 * enough of protocol v1 to feed one console RATE alarms a second, on plain
 * sockets and with no store, so that the time from a frame's send to its
 * row on the screen is the console's alone (pty_latency.sh also measures
 * it through the real center, its DC-09 receiver and its commit). The
 * frames are the project's own: proto_encode_alarm of the demo data set's
 * sites, faults (the console groups them while the storm is on), after a
 * welcome, an empty snapshot, synced and a flood message; a tick a second.
 * A UDP datagram whose text has "#ACCT|" (pty_latency's DC-09 frame) is
 * answered by a marker at once: a P1 panic of that account, unknown to
 * the data set ("未知账户 #ACCT"), which the console puts on top.
 *
 *   storm_center RATE
 *
 * Prints "listening on 127.0.0.1:PORT" and "dc09 listening on 127.0.0.1
 * port UDP", as the center does; serves one console, until it goes. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../app/core/alarm.h"
#include "../../common/sites.h"
#include "../../net/proto.h"
#include "ws_plain.h"

#define EPOCH "5707a1b2c3d4e5f6"
#define FAULTS 8 /* fault frames made per site, sent round */

static int64_t wall_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static double mono_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static int listen_on(int type, struct sockaddr_in *sa)
{
	socklen_t sl = sizeof *sa;
	int fd = socket(AF_INET, type, 0), one = 1;

	sa->sin_family = AF_INET;
	sa->sin_port = 0;
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, (struct sockaddr *)sa, sizeof *sa) ||
	    (type == SOCK_STREAM && listen(fd, 4)) || getsockname(fd, (struct sockaddr *)sa, &sl)) {
		perror("storm_center: listen");
		exit(1);
	}
	return fd;
}

static int send_text(int fd, const char *text)
{
	static unsigned char buf[70000];
	size_t n = strlen(text);

	if (n > sizeof buf - 16)
		return -1;
	return write_all(fd, buf, frame(buf, text, n));
}

/* An alarm of site st (or of an account unknown to the data set) as the
 * center would send it, with its seq and id. */
static char *alarm_frame(const struct sites *s, const struct site *st, const char *account,
			 const char *code, uint64_t seq)
{
	struct site unknown;
	struct alarm a;
	char id[40], name[64];

	if (st == NULL) {
		memset(&unknown, 0, sizeof unknown);
		alarm_blank(&unknown.tmpl);
		snprintf(name, sizeof name, "未知账户 #%s", account);
		unknown.tmpl.cust_id = account;
		unknown.tmpl.cust_name = name;
		unknown.tmpl.addr_text = "DC-09 127.0.0.1";
		st = &unknown;
	}
	site_make_alarm(s, st, st == &unknown || st->nzones == 0 ? 0 : st->zones[seq % st->nzones].no,
			code, ALARM_CHANNEL_DC09_UDP, &a);
	snprintf(id, sizeof id, "%.6s-%llu", EPOCH, (unsigned long long)seq);
	a.id = id;
	a.seq = seq;
	a.received_ms = a.occurred_ms = wall_ms();
	return proto_encode_alarm(&a, seq);
}

int main(int argc, char **argv)
{
	static const char *const codes[] = {"301", "302", "380", "384", "350", "354", "383", "373"};
	struct sockaddr_in ws_sa, udp_sa;
	struct sites s;
	char err[256], text[8192], *hello_id, line[512];
	int rate, lfd, ufd, cfd, one = 1;
	uint64_t seq = 0, sent = 0;
	double t0, last_tick;

	if (argc != 2 || (rate = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: storm_center RATE\n");
		return 2;
	}
	if (sites_load(&s, "data/demo", err, sizeof err)) {
		fprintf(stderr, "storm_center: %s\n", err);
		return 1;
	}
	lfd = listen_on(SOCK_STREAM, &ws_sa);
	ufd = listen_on(SOCK_DGRAM, &udp_sa);
	printf("listening on 127.0.0.1:%d\ndc09 listening on 127.0.0.1 port %d\n",
	       ntohs(ws_sa.sin_port), ntohs(udp_sa.sin_port));
	fflush(stdout);
	if ((cfd = accept(lfd, NULL, NULL)) < 0 || handshake(cfd) ||
	    read_frame(cfd, text, sizeof text) < 0) {
		fprintf(stderr, "storm_center: no console\n");
		return 1;
	}
	setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	hello_id = strstr(text, "\"id\":\"");
	snprintf(line, sizeof line,
		 "{\"type\":\"welcome\",\"id\":\"%.*s\",\"code\":0,\"msg\":\"ok\",\"center\":\"风暴源\","
		 "\"epoch\":\"" EPOCH "\",\"role\":\"operator\",\"time\":%lld,\"heartbeat_ms\":1000,"
		 "\"head\":0}",
		 hello_id ? (int)strcspn(hello_id + 6, "\"") : 5, hello_id ? hello_id + 6 : "hello",
		 (long long)wall_ms());
	send_text(cfd, line);
	send_text(cfd, "{\"type\":\"snapshot\",\"head\":0,\"more\":false,\"alarms\":[]}");
	send_text(cfd, "{\"type\":\"synced\",\"head\":0}");
	snprintf(line, sizeof line,
		 "{\"type\":\"flood\",\"seq\":%llu,\"on\":true,\"rate\":%d,\"threshold\":100,"
		 "\"since\":%lld,\"alarms\":0,\"at\":%lld}",
		 (unsigned long long)++seq, rate, (long long)wall_ms(), (long long)wall_ms());
	send_text(cfd, line);
	t0 = last_tick = mono_s();
	for (;;) {
		struct pollfd p[2] = {{cfd, POLLIN, 0}, {ufd, POLLIN, 0}};
		double now = mono_s();
		/* The alarms due by now, then what came in. */
		while (sent < (now - t0) * rate) {
			const struct site *st = &s.v[sent % s.n];
			char *f = alarm_frame(&s, st, NULL, codes[(sent / s.n) % FAULTS], ++seq);
			int bad = f == NULL || send_text(cfd, f);
			free(f);
			if (bad)
				return 0; /* the console went */
			sent++;
		}
		if (now - last_tick >= 1) {
			snprintf(line, sizeof line, "{\"type\":\"tick\",\"time\":%lld,\"head\":%llu}",
				 (long long)wall_ms(), (unsigned long long)seq);
			if (send_text(cfd, line))
				return 0;
			last_tick = now;
		}
		if (poll(p, 2, 1) <= 0)
			continue;
		if (p[0].revents && read(cfd, text, sizeof text) <= 0)
			return 0; /* the console's frames are not read: only its going */
		if (p[1].revents) {
			ssize_t n = recv(ufd, text, sizeof text - 1, 0);
			char *acct = n > 0 ? (text[n] = '\0', strstr(text, "[#")) : NULL;
			size_t len = acct ? strcspn(acct + 2, "|") : 0;
			if (acct && len > 0 && len < 20) {
				char account[24], *f;
				snprintf(account, sizeof account, "%.*s", (int)len, acct + 2);
				f = alarm_frame(&s, NULL, account, "120", ++seq);
				if (f == NULL || send_text(cfd, f))
					return 0;
				free(f);
			}
		}
	}
}
