/* sockaddr.h — the listen addresses of the center's receivers: reading
 * "ADDR:PORT" (IPv4 or IPv6) and naming a peer. */
#ifndef CENTER_SOCKADDR_H
#define CENTER_SOCKADDR_H

#include <stddef.h>
#include <uv.h>

/* Reads addr into ss; on failure -1 with "OPTION ADDR: why" in err. */
int sockaddr_parse(const char *option, const char *addr, struct sockaddr_storage *ss, char *err,
		   size_t errlen);
/* "127.0.0.1:5060" */
void sockaddr_name(const struct sockaddr *sa, char *out, size_t len);
/* The port of sa (host order). */
int sockaddr_port(const struct sockaddr *sa);
/* Whether two addresses are the same host and port. */
int sockaddr_same(const struct sockaddr_storage *a, const struct sockaddr_storage *b);
/* The length of sa for the system calls. */
size_t sockaddr_len(const struct sockaddr *sa);

#endif
