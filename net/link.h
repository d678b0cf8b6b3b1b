/* link.h — the console's WebSocket link to one center endpoint (lws client
 * on the app's libuv loop): connect, hello, receive whole frames, send ops,
 * liveness by heartbeat, reconnect with backoff and jitter. It knows the
 * protocol only through proto.h; what a message means is the app's job. */
#ifndef LINK_H
#define LINK_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "proto.h"

enum link_state {
	LINK_IDLE,       /* not started, or stopped */
	LINK_RESOLVING,  /* looking up the host name */
	LINK_CONNECTING, /* TCP/WebSocket handshake, hello sent */
	LINK_UP,         /* welcome received */
	LINK_DOWN,       /* lost; a retry is scheduled */
	LINK_REFUSED,    /* the center refused the hello: no automatic retry */
};

struct link;

struct link_cb {
	/* The state changed; `why` says what happened in plain words. */
	void (*on_state)(void *ud, struct link *l, enum link_state st, const char *why);
	/* A decoded frame, and its text as received (raw, len: valid UTF-8,
	 * not NUL-terminated); both are gone after the call returns. */
	void (*on_msg)(void *ud, struct link *l, struct proto_msg *m, const char *raw, size_t len);
	/* A frame that failed to decode (it is dropped; the link stays up). */
	void (*on_bad_frame)(void *ud, struct link *l, int code, const char *err);
	/* A binary message (an image that follows an images message); the
	 * bytes are gone after the call returns. NULL: such a message is a
	 * bad frame. */
	void (*on_binary)(void *ud, struct link *l, const unsigned char *data, size_t len);
	/* Fill the hello to send (credentials, resume point). */
	void (*fill_hello)(void *ud, struct link *l, struct proto_hello *h);
};

struct link_net;

/* The shared lws context for all links on `loop`. log_fn receives lws
 * warnings (never printed to the terminal). NULL on failure. */
/* TLS of all links: ca_file (PEM) is then the only trusted CA; insecure
 * skips certificate and host name checks (development only). */
struct link_tls {
	const char *ca_file;
	bool insecure;
};

struct link_net *link_net_new(uv_loop_t *loop, void (*log_fn)(int level, const char *line),
			      const struct link_tls *tls);
/* Stops every link and destroys the context; done_cb runs when all is gone. */
void link_net_free(struct link_net *n, void (*done_cb)(void *ctx), void *ctx);

/* A link to url ("ws://" or "wss://host:port[/path]"). Returns NULL with a
 * message in err when the URL is malformed. */
struct link *link_new(struct link_net *n, const char *url, const struct link_cb *cb, void *ud,
		      char *err, size_t errlen);
void link_start(struct link *l);

/* Queues a frame to send (takes ownership of the malloc'd text). Returns 0,
 * or -1 when the link is not up (the caller keeps its outbox) or the send
 * queue is full. */
int link_send(struct link *l, char *frame);

enum link_state link_state(const struct link *l);
const char *link_url(const struct link *l);
bool link_tls(const struct link *l);
/* Milliseconds since the last frame arrived (loop time), or -1. */
int64_t link_idle_ms(const struct link *l);
/* Forces a reconnect (e.g. after a stream gap). */
void link_reconnect(struct link *l, const char *why);
/* Sets the liveness limit: the link is declared down after `ms` of silence. */
void link_set_liveness(struct link *l, uint32_t ms);

#endif
