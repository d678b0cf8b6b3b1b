/* sip_tcp.h — SIP over TCP for a sip_link: a listener, the connections it
 * accepts and those it opens to a peer (writes wait until connected), and
 * each stream cut into messages by Content-Length (RFC 3261 18.3). */
#ifndef CENTER_SIP_TCP_H
#define CENTER_SIP_TCP_H

#include <stddef.h>
#include <uv.h>

#include "sip_peer.h"

#define SIP_MAX_CONNS 4096

struct sip_tcp_hooks {
	void *ctx;
	const char *tag; /* names it in the log */
	/* A whole message of a connection. */
	void (*message)(void *ctx, const char *text, size_t len, const struct sip_peer *from);
	/* A connection closed (what waited on it fails). */
	void (*closed)(void *ctx, const struct sip_peer *peer);
	/* Everything closed after sip_tcp_stop. */
	void (*stopped)(void *ctx);
};

struct sip_tcp;

/* Listens on addr; NULL with the libuv error in *rc. */
struct sip_tcp *sip_tcp_start(uv_loop_t *loop, const struct sockaddr *addr,
			      const struct sip_tcp_hooks *hooks, int *rc);
/* The address bound (its port when addr had 0). */
int sip_tcp_bound(const struct sip_tcp *t, struct sockaddr_storage *ss);
/* Sends on the connection of `to` (to->conn), else one to its address,
 * else a new one. 0, or -1 when it cannot go (that connection is gone). */
int sip_tcp_send(struct sip_tcp *t, const struct sip_peer *to, const char *text, size_t len);
/* Closes the listener and every connection; hooks->stopped when done. */
void sip_tcp_stop(struct sip_tcp *t);

#endif
