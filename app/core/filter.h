/* filter.h — what the operator searches and filters the queue by, from one
 * line typed after `/`: words that must all match. A word is a class or a
 * workflow state (its wire name, or its label in the operator's language;
 * several of a kind: either), `new`, `mine`, `held`, or text found in the
 * alarm's customer (name, account: a site), address, phone numbers, zone or
 * id (ASCII letters in any case). Pure. */
#ifndef FILTER_H
#define FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "alarm.h"

#define FILTER_MAX_WORDS 6

enum filter_state { FILTER_ANY_STATE, FILTER_NEW, FILTER_MINE, FILTER_HELD };

struct alarm_filter {
	bool on;
	unsigned classes;        /* bit set of alarm_class; 0: any */
	unsigned states;         /* bit set of alarm_state; 0: any */
	enum filter_state state;
	char words[FILTER_MAX_WORDS][64]; /* text to find, each */
	int nwords;
};

/* The classes' and states' names on screen, accepted beside the wire names
 * (any may be NULL). */
struct filter_labels {
	const char *cls[ALARM_CLASS_COUNT];
	const char *state[ALARM_ST_COUNT];
};

/* Reads query into f (an empty query: no filter), with labels (may be
 * NULL), and "新"/"未认领", "我的", "挂起" for new, mine, held. 0, or -1 with
 * err naming the word that cannot be used (too many, too long). */
int filter_parse(const char *query, const struct filter_labels *labels, struct alarm_filter *f,
		 char *err, size_t errlen);

/* True when a passes f for operator `me` at now_ms (held: on hold now). */
bool filter_match(const struct alarm_filter *f, const struct alarm *a, const char *me,
		  int64_t now_ms);

#endif
