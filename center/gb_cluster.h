/* gb_cluster.h — GB/T 28181 devices on every node of a cluster (issue 18,
 * docs/cluster.md). A follower's SIP server registers and hears devices
 * itself, hands their alarms to the leader through the cluster (answered
 * 200 OK once the cluster has one, 503 when it could not be handed over)
 * and tells the leader when it heard each, so that the leader, which alone
 * supervises and raises alarms, knows a device that speaks to another node
 * as alive. The leader's remote controls and PTZ commands to such a device
 * go through that node, and the device's answers come back the same way. */
#ifndef CENTER_GB_CLUSTER_H
#define CENTER_GB_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "gb_server-int.h"
#include "manscdp.h"

/* A follower: device d's alarm MESSAGE req (its body parsed in m), for the
 * leader. */
void gb_cluster_alarm(struct gb_server *s, struct gb_device *d, const osip_message_t *req,
		      const struct sip_peer *from, const struct manscdp *m, const char *body,
		      size_t len);
/* This node's SIP server heard d at at_ms: the leader (or a lone center)
 * takes it (gb_heard); a follower tells the leader, at once when d was not
 * online, else at most once a keepalive interval or 5 s, whichever is
 * shorter (so each keepalive is told). */
void gb_cluster_heard(struct gb_server *s, struct gb_device *d, int64_t at_ms);
/* A follower: d's answer m to a control the leader sent through this node
 * (answered 200 OK here), for the leader. */
void gb_cluster_response(struct gb_server *s, struct gb_device *d, const struct manscdp *m,
			 const char *body, size_t len);
/* A follower: a MANSCDP body the leader sends `device` through this node. */
void gb_cluster_deliver(struct center *c, const char *device, const char *what, const char *body,
			size_t len);
/* The alarms waiting for the cluster are not answered (the server stops). */
void gb_cluster_stop(struct gb_server *s);

/* The leader: what follower `via` took from `device` (an alarm, the answer
 * to a control); and that `via` heard the device at at_ms, registered
 * until expires_ms. */
void gb_cluster_take(struct center *c, const char *device, const char *body, size_t len,
		     const char *via);
void gb_cluster_take_heard(struct center *c, const char *device, int64_t at_ms,
			   int64_t expires_ms, const char *via);

#endif
