/* book.h — the alarm book: every open alarm, found by id, kept in display
 * order (priority, then oldest first) without re-sorting. Used by the
 * console (what the queue shows) and by the center (claim arbitration).
 * Pure: no clock reads; the caller passes times. Not thread-safe. */
#ifndef BOOK_H
#define BOOK_H

#include <stddef.h>

#include "alarm.h"

struct book;

/* A book holding at most `cap` open alarms. NULL on allocation failure. */
struct book *book_new(size_t cap);
void book_free(struct book *b);

/* What book_add and the state changes did. */
enum book_result {
	BOOK_ADDED,
	BOOK_UPDATED,   /* the alarm existed; its state changed */
	BOOK_DUPLICATE, /* the alarm existed in that state already: nothing changed */
	BOOK_REMOVED,   /* closed: it left the book */
	BOOK_UNKNOWN,   /* no open alarm with that id */
	BOOK_FULL,      /* the cap is reached: the alarm was NOT added */
	BOOK_NOMEM,
};

/* Adds a packed copy of a. An alarm whose id is present already is a
 * duplicate (BOOK_DUPLICATE) unless its state differs (BOOK_UPDATED).
 * A closed alarm is never added (BOOK_REMOVED when it was present). */
enum book_result book_add(struct book *b, const struct alarm *a);

/* Applies a state change reported by the center. CLOSED removes the alarm. */
enum book_result book_set_state(struct book *b, const char *id,
				enum alarm_state st, const char *by, int64_t at_ms);

/* Center arbitration: operator `op` wants to claim / release / close alarm
 * `id`. Returns 0 when the change is allowed (and applied, or already so),
 * AD_ENOENT for an unknown alarm, AD_ESTATE when another operator holds it
 * (*holder is set) or the alarm is not claimed by `op` (release, close). */
int book_claim(struct book *b, const char *id, const char *op, int64_t now_ms,
	       const char **holder);
int book_release(struct book *b, const char *id, const char *op, int64_t now_ms);
int book_close(struct book *b, const char *id, const char *op, int64_t now_ms);

const struct alarm *book_find(const struct book *b, const char *id);
size_t book_count(const struct book *b);
size_t book_count_state(const struct book *b, enum alarm_state st);

/* The i-th alarm in display order (0 = most urgent), or NULL past the end.
 * Pointers stay valid until the alarm changes state or leaves the book. */
const struct alarm *book_at(const struct book *b, size_t i);

/* Position of alarm `id` in display order, or -1. */
long book_index_of(const struct book *b, const char *id);

/* Removes every alarm that came from center `center` (a re-snapshot). */
void book_clear_center(struct book *b, int center);

#endif
