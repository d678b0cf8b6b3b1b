/* book.h — the alarm book: every open alarm, found by id, kept in display
 * order (priority, then oldest first) without re-sorting. Used by the
 * console (what the queue shows) and by the center (claim arbitration).
 * Pure: no clock reads; the caller passes times. Not thread-safe. */
#ifndef BOOK_H
#define BOOK_H

#include <stddef.h>
#include <stdint.h>

#include "alarm.h"

struct book;

/* A book holding at most `cap` open alarms. NULL on allocation failure. */
struct book *book_new(size_t cap);
void book_free(struct book *b);

/* What book_add and the state changes did. */
enum book_result {
	BOOK_ADDED,
	BOOK_UPDATED,   /* the alarm existed; it changed */
	BOOK_DUPLICATE, /* the alarm existed in that state already: nothing changed */
	BOOK_REMOVED,   /* closed: it left the book */
	BOOK_UNKNOWN,   /* no open alarm with that id */
	BOOK_FULL,      /* the cap is reached: the alarm was NOT added */
	BOOK_NOMEM,
};

/* Adds a packed copy of a, or replaces the alarm with the same id (state,
 * holder, priority, handling). A CLOSED alarm leaves the book
 * (BOOK_REMOVED) and is never added. BOOK_DUPLICATE: nothing changed. */
enum book_result book_add(struct book *b, const struct alarm *a);

const struct alarm *book_find(const struct book *b, const char *id);
size_t book_count(const struct book *b);
size_t book_count_state(const struct book *b, enum alarm_state st);

/* The i-th alarm in display order (0 = most urgent), or NULL past the end.
 * Pointers stay valid until the alarm changes state or leaves the book. */
const struct alarm *book_at(const struct book *b, size_t i);

/* What the queue groups alarms by, kept beside each in display order: a
 * walk over a storm's tens of thousands reads these, in one array, and not
 * the alarms, each an allocation of its own. The hashes are book_hash (64-bit
 * FNV-1a) of the id, the customer and the event code. */
struct book_key {
	uint64_t id, site, code;
	int center;
	unsigned char priority, cls;
};
uint64_t book_hash(const char *s);
void book_key_make(const struct alarm *a, struct book_key *k);
/* The i-th alarm's key in display order, or NULL past the end. */
const struct book_key *book_key_at(const struct book *b, size_t i);

/* Position of alarm `id` in display order, or -1. */
long book_index_of(const struct book *b, const char *id);

/* Runs flow_escalate on every open alarm; fn is called for each alarm with
 * clocks that just became overdue (a bit set of flow_clock). Returns how
 * many alarms escalated. */
size_t book_escalate(struct book *b, int64_t now_ms,
		     void (*fn)(void *ctx, const struct alarm *a, unsigned clocks), void *ctx);

/* Removes every alarm that came from center `center` (a re-snapshot). */
void book_clear_center(struct book *b, int center);

#endif
