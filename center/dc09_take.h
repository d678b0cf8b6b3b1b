/* dc09_take.h — a DC-09 frame, read and opened, taken by the center: each
 * event an alarm (center_emit_alarm, its [V…] pictures taken), a restore
 * of one, an opening or closing of a partition, or a line of the log.
 * Shared by the receiver (frames off its sockets) and the leader of a
 * cluster (frames a follower's receiver took). */
#ifndef CENTER_DC09_TAKE_H
#define CENTER_DC09_TAKE_H

#include "../app/core/alarm.h"
#include "dc09.h"
#include "panels.h"

struct center;

/* The frame's events, inside the caller's batch; p NULL: an account the
 * data set does not know (its alarms say so); id: the frame's, the alarms'
 * origin. The reply's token: "ACK", or "DUH" when the data block is not
 * understood. */
const char *dc09_take(struct center *c, struct panel *p, const struct dc09_frame *f,
		      const char *id, enum alarm_channel channel, const char *peer);

#endif
