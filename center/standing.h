/* standing.h — which stream frames are standing state (what a console that
 * joins late is given besides the open alarms) and under which key: one
 * table for the frames the center emits and those a follower mirrors. */
#ifndef CENTER_STANDING_H
#define CENTER_STANDING_H

#include <stdint.h>

#include "../app/core/order.h"
#include "../net/proto.h"

struct standing_key {
	char key[300];
	const char *kind; /* "device", "arm", …; NULL: the key stands no more */
	int64_t at_ms;
	unsigned keep; /* the newest keep of the kind are kept (0: all) */
};

/* A device stands while it is not online. */
void standing_device(struct standing_key *k, const struct proto_device *d);
/* Each partition's last arm state stands. */
void standing_arm(struct standing_key *k, const struct proto_arm *a);
/* A site stands on test until it is off test. */
void standing_test(struct standing_key *k, const struct proto_test *t);
/* A work order stands until it is closed. */
void standing_order(struct standing_key *k, const struct work_order *o);
/* A storm stands while it is on. */
void standing_flood(struct standing_key *k, const struct proto_flood *f);
/* A notice (stream seq) stands, the newest CENTER_NOTICES of them. */
void standing_notice(struct standing_key *k, const struct proto_notice *n, uint64_t seq);

#endif
