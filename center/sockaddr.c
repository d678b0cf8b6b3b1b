/* sockaddr.c — listen addresses and peer names (center/sockaddr.h). */
#include "sockaddr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"

int sockaddr_parse(const char *option, const char *addr, struct sockaddr_storage *ss, char *err,
		   size_t errlen)
{
	const char *colon = strrchr(addr, ':');
	char host[64], *end;
	long port;

	memset(ss, 0, sizeof *ss);
	if (colon == NULL || (size_t)(colon - addr) >= sizeof host ||
	    (port = strtol(colon + 1, &end, 10)) < 0 || port > 65535 || *end || end == colon + 1) {
		ad_err(err, errlen, "%s %s: expected ADDR:PORT", option, addr);
		return -1;
	}
	snprintf(host, sizeof host, "%.*s", (int)(colon - addr), addr);
	if (host[0] == '[' && host[strlen(host) - 1] == ']') { /* [::1]:5060 */
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	if (uv_ip4_addr(host, (int)port, (struct sockaddr_in *)ss) != 0 &&
	    uv_ip6_addr(host, (int)port, (struct sockaddr_in6 *)ss) != 0) {
		ad_err(err, errlen, "%s %s: '%s' is not an IP address", option, addr, host);
		return -1;
	}
	return 0;
}

void sockaddr_name(const struct sockaddr *sa, char *out, size_t len)
{
	char host[48] = "?";

	if (sa->sa_family == AF_INET)
		uv_ip4_name((const struct sockaddr_in *)sa, host, sizeof host);
	else if (sa->sa_family == AF_INET6)
		uv_ip6_name((const struct sockaddr_in6 *)sa, host, sizeof host);
	snprintf(out, len, "%s:%d", host, sockaddr_port(sa));
}

int sockaddr_port(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)sa)->sin_port);
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	return 0;
}

size_t sockaddr_len(const struct sockaddr *sa)
{
	return sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

int sockaddr_same(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return 0;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;
		return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	if (a->ss_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;
		return x->sin6_port == y->sin6_port &&
		       memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) == 0;
	}
	return 0;
}
