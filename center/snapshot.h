/* snapshot.h — a snapshot being sent to one session. It is encoded a chunk
 * at a time, when the session can take one, so a snapshot of 200 000 alarms
 * never sits whole in memory and never holds up other sessions. The ids are
 * those of the open alarms when it began: each is looked up when its chunk
 * is made (one closed since is left out: its update follows in the stream).
 * After the alarms come the standing frames (devices not online, notices in
 * force) from the store. */
#ifndef CENTER_SNAPSHOT_H
#define CENTER_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>

struct center;
struct snap;

/* A snapshot at the center's durable head; NULL when out of memory. */
struct snap *snap_start(struct center *c);
/* The next frame (malloc'd; NULL when out of memory): up to a chunk of the
 * alarms still open, halved until it fits the frame cap, then as many
 * standing frames as fit. The last one has more: false. */
char *snap_next_frame(struct center *c, struct snap *p);
bool snap_done(const struct snap *p);
uint64_t snap_head(const struct snap *p);
void snap_free(struct snap *p);

#endif
