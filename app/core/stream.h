/* stream.h — per-center stream position of a console: the center's epoch
 * and the last seq applied. Decides whether an incoming stream message is
 * new, a duplicate (already applied: drop it) or follows a gap (reconnect
 * and resume). Pure. */
#ifndef STREAM_H
#define STREAM_H

#include <stdbool.h>
#include <stdint.h>

enum stream_verdict { STREAM_NEW, STREAM_DUP, STREAM_GAP };

struct stream {
	char epoch[40]; /* "" until the first welcome */
	uint64_t last;  /* last seq applied */
	bool synced;    /* caught up with the center since the last welcome */
};

/* Classifies seq and, for STREAM_NEW, advances last. */
enum stream_verdict stream_accept(struct stream *s, uint64_t seq);

/* A welcome arrived. Returns true when the epoch changed (the console's view
 * of that center must be rebuilt from the coming snapshot). */
bool stream_welcome(struct stream *s, const char *epoch);

/* A complete snapshot at head arrived: the position jumps to head. */
void stream_snapshot(struct stream *s, uint64_t head);

#endif
