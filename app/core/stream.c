/* stream.c — at-least-once delivery made exactly-once: seq bookkeeping. */
#include "stream.h"

#include <stdio.h>
#include <string.h>

enum stream_verdict stream_accept(struct stream *s, uint64_t seq)
{
	if (seq <= s->last)
		return STREAM_DUP;
	if (seq != s->last + 1)
		return STREAM_GAP;
	s->last = seq;
	return STREAM_NEW;
}

bool stream_welcome(struct stream *s, const char *epoch)
{
	bool changed = strcmp(s->epoch, epoch) != 0;

	s->synced = false;
	if (changed) {
		snprintf(s->epoch, sizeof s->epoch, "%s", epoch);
		s->last = 0;
	}
	return changed;
}

void stream_snapshot(struct stream *s, uint64_t head)
{
	s->last = head;
}
