/* server.h — the center's WebSocket server (lws on the center's libuv loop):
 * sessions, hello/auth, resume or snapshot, fan-out of the stream, ops and
 * heartbeats. */
#ifndef CENTER_SERVER_H
#define CENTER_SERVER_H

#include <stddef.h>

struct center;

/* Starts listening on c->cfg.listen. Returns 0, or -1 with c->err set. */
int center_server_start(struct center *c);
/* The port actually bound (useful with port 0). */
int center_server_port(const struct center *c);
/* Closes every session and the listener; done_cb runs when lws is gone. */
/* Closes the sessions of operators no longer in c->accounts (a reload);
 * returns how many. */
size_t center_server_drop_removed(struct center *c);
/* The op_ack of an op applied elsewhere (a cluster's leader), to the
 * sessions of console. */
void center_server_op_ack(struct center *c, const char *console, const char *op_id, int code,
			  const char *msg);
/* Closes every session saying that this node lost the cluster (a
 * follower's view may be stale: its consoles go to another node); while
 * c->cut_off, hellos are refused so. */
void center_server_cut_off(struct center *c);
void center_server_stop(struct center *c, void (*done_cb)(struct center *c));

#endif
