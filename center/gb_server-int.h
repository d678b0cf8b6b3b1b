/* gb_server-int.h — what the parts of the GB/T 28181 server share: its
 * state, answering a device, sending it a request, and its presence
 * (gb_link.c); registration (gb_register.c); remote control (gb_control.c).
 * gb_server.c dispatches to them. */
#ifndef CENTER_GB_SERVER_INT_H
#define CENTER_GB_SERVER_INT_H

#include <stdbool.h>

#include "../net/proto.h"
#include "center.h"
#include "every.h"
#include "gb_devices.h"
#include "gb_server.h"
#include "sip_link.h"

#define GB_PENDING 64 /* remote controls waiting for their device's answer */

struct pending_control {
	bool used;
	char device[GB_ID_LEN];
	unsigned long sn;
	char alarm_id[48], by[64];
	enum proto_control cmd;
	int64_t sent_ms, limit_ms;
};

/* An incident forwarded to the upper platform, until its receipt. */
struct uplink_forward {
	bool used;
	char alarm_id[48];
	unsigned long sn;
	int tries;
	int64_t first_ms, next_ms;
};

#define GB_FORWARDS 64
#define GB_AUTO_QUEUE 32

/* The registration to the upper platform (级联) and what waits on it. */
struct gb_uplink {
	bool registered, registering, challenged, keepalive_out, announced_down;
	char call_id[40], tag[20];
	unsigned cseq;
	unsigned long sn;
	int missed, backoff_s;
	int64_t next_register_ms, next_keepalive_ms;
	struct uplink_forward fwd[GB_FORWARDS];
	char autos[GB_AUTO_QUEUE][48]; /* alarms to forward by their plan, next tick */
	int nautos;
};

struct gb_server {
	struct center *c;
	struct sip_link *link;
	struct every *watch;
	unsigned char secret[32]; /* of the nonces */
	char tag[20];		  /* our To tag */
	struct pending_control pending[GB_PENDING];
	unsigned cseq; /* of our MESSAGEs */
	int64_t devices_checked_ms; /* the keepalive supervision's last look */
	struct gb_uplink up;
	struct gb_relay *relays; /* a follower's alarms waiting for the cluster (gb_cluster.c) */
};

static inline struct gb_config *gb(struct gb_server *s)
{
	return &s->c->gb;
}

/* gb_link.c */
/* Answers req (code, and one header when given). */
void gb_answer(struct gb_server *s, const osip_message_t *req, const struct sip_peer *from,
	       int code, const char *header, const char *value);
/* A MESSAGE with a MANSCDP body from the center to to_id@to_domain at uri
 * by `to`, label naming it in the log; cb (NULL: a log line on failure)
 * gets its outcome, timeout_ms 0: timer F. */
void gb_message(struct gb_server *s, const struct sip_peer *to, const char *uri, const char *to_id,
		const char *to_domain, const char *label, const char *body, size_t len,
		int timeout_ms, sip_on_answer cb);
/* A MESSAGE with a MANSCDP body to device d, `what` naming it in the log;
 * cb (NULL: a log line on failure) gets its outcome, timeout_ms 0: timer F.
 * The leader sends to a device that speaks to a follower through it (cb is
 * then not called: a control's answer, or its clock, tells). */
void gb_send(struct gb_server *s, struct gb_device *d, const char *what, const char *body,
	     size_t len, int timeout_ms, sip_on_answer cb);
void gb_ask_catalog(struct gb_server *s, struct gb_device *d);
/* The items of d's catalog Response m, its channels from now on (via: the
 * follower that heard it, for the log; NULL when this node did). */
void gb_catalog_take(struct gb_device *d, const struct manscdp *m, const char *via);
/* Heard from d at at_ms: a device that was offline is back, its alarm
 * restored (the leader's, or a lone center's: gb_cluster_heard says whose). */
void gb_heard(struct gb_server *s, struct gb_device *d, int64_t at_ms);
/* The MANSCDP Response that confirms alarm SN sn of d's channel. */
void gb_confirm_alarm(struct gb_server *s, struct gb_device *d, unsigned long sn,
		      const char *channel);
/* d is offline (why in the log): a device event and a "device offline" alarm. */
void gb_offline(struct gb_server *s, struct gb_device *d, const char *why);

/* gb_store.c: what is known of d, stored (a restarted center goes on from
 * it); gb_restore at start. */
void gb_save(struct gb_server *s, const struct gb_device *d);
int gb_restore(struct gb_server *s);

/* gb_register.c: a REGISTER (digest authentication, expiry, unregister). */
void gb_register(struct gb_server *s, const osip_message_t *req, const struct sip_peer *from);

/* gb_control.c: the device's Response to a control, and the controls whose
 * linkage clock ran out at now. */
void gb_control_answered(struct gb_server *s, struct gb_device *d, const struct manscdp *m);
void gb_control_expire(struct gb_server *s, int64_t now_ms);
/* The PTZCmd of a PTZ control (16 hex digits). */
void gb_ptz_command(enum proto_control cmd, char out[17]);

/* gb_upper.c: the cascade to the upper platform. Whether req comes from
 * it, its requests, and the registration's upkeep and retries (each tick). */
bool gb_upper_from(struct gb_server *s, const osip_message_t *req);
void gb_upper_request(struct gb_server *s, const osip_message_t *req, const struct sip_peer *from);
void gb_upper_tick(struct gb_server *s, int64_t now_ms);

#endif
