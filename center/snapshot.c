/* snapshot.c — a snapshot as the center sends it (see snapshot.h). */
#include "snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "center.h"

/* The standing frames, copied out of the store. */
struct standing {
	char **v;
	size_t n, cap;
};

static int collect(void *ctx, const char *frame)
{
	struct standing *st = ctx;

	if (st->n == st->cap) {
		size_t nc = st->cap ? st->cap * 2 : 16;
		char **v = realloc(st->v, nc * sizeof *v);
		if (v == NULL)
			return 1;
		st->v = v;
		st->cap = nc;
	}
	if ((st->v[st->n] = strdup(frame)) == NULL)
		return 1;
	st->n++;
	return 0;
}

struct snap {
	char **ids;
	size_t n, next;
	struct standing st;
	size_t st_next;
	uint64_t head;
};

void snap_free(struct snap *p)
{
	if (p == NULL)
		return;
	for (size_t k = 0; k < p->n; k++)
		free(p->ids[k]);
	for (size_t k = 0; k < p->st.n; k++)
		free(p->st.v[k]);
	free(p->ids);
	free(p->st.v);
	free(p);
}

struct snap *snap_start(struct center *c)
{
	struct snap *p = calloc(1, sizeof *p);
	size_t total = book_count(c->book);

	if (p == NULL || (p->ids = calloc(total ? total : 1, sizeof *p->ids)) == NULL) {
		free(p);
		return NULL;
	}
	for (; p->n < total; p->n++)
		if ((p->ids[p->n] = strdup(book_at(c->book, p->n)->id)) == NULL) {
			snap_free(p);
			return NULL;
		}
	if (store_standing_each(c->store, "device", 0, collect, &p->st) ||
	    store_standing_each(c->store, "arm", 0, collect, &p->st) ||
	    store_standing_each(c->store, "test", 0, collect, &p->st) ||
	    store_standing_each(c->store, "order", 0, collect, &p->st) ||
	    store_standing_each(c->store, "flood", 0, collect, &p->st) ||
	    store_standing_each(c->store, "notice", center_now_ms() - CENTER_NOTICE_MS, collect,
				&p->st))
		center_log("warning: %s (the snapshot goes without it)", store_error(c->store));
	p->head = c->durable;
	return p;
}

uint64_t snap_head(const struct snap *p)
{
	return p->head;
}

char *snap_next_frame(struct center *c, struct snap *p)
{
	const struct alarm *chunk[PROTO_SNAPSHOT_CHUNK];
	size_t want = PROTO_SNAPSHOT_CHUNK, n, j;
	char *frame;

	if (p->next < p->n || p->st.n == 0) {
		for (;;) {
			for (n = 0, j = p->next; n < want && j < p->n; j++)
				if ((chunk[n] = book_find(c->book, p->ids[j])) != NULL)
					n++;
			frame = proto_encode_snapshot(chunk, n, p->head, j < p->n || p->st.n > 0);
			if (frame == NULL || strlen(frame) <= PROTO_MAX_FRAME || n <= 1)
				break;
			free(frame);
			want = n / 2;
		}
		p->next = j;
		return frame;
	}
	for (n = 0, j = 0; p->st_next + n < p->st.n; n++) {
		j += strlen(p->st.v[p->st_next + n]) + 1;
		if (n > 0 && j >= PROTO_MAX_FRAME - 128)
			break;
	}
	frame = proto_encode_snapshot_standing((const char *const *)p->st.v + p->st_next, n,
					       p->head, p->st_next + n < p->st.n);
	p->st_next += n;
	return frame;
}

bool snap_done(const struct snap *p)
{
	return p->next >= p->n && p->st_next >= p->st.n;
}
