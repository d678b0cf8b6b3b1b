/* filter.h — what the operator searches and filters the queue by, from one
 * line typed after `/`: words that must all match. A word is a class
 * (its wire name, or its label in the operator's language), `new`, `mine`,
 * `held`, or text found in the alarm's customer (name, account), address,
 * phone numbers, zone or id (ASCII letters in any case). Pure. */
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
	enum filter_state state;
	char words[FILTER_MAX_WORDS][64]; /* text to find, each */
	int nwords;
};

/* Reads query into f (an empty query: no filter). labels[c] are the
 * classes' names on screen (may be NULL), accepted beside the wire names,
 * as are "新"/"未认领", "我的", "挂起" for new, mine, held. 0, or -1 with err
 * naming the word that cannot be used (too many, too long). */
int filter_parse(const char *query, const char *const labels[ALARM_CLASS_COUNT],
		 struct alarm_filter *f, char *err, size_t errlen);

/* True when a passes f for operator `me` at now_ms (held: on hold now). */
bool filter_match(const struct alarm_filter *f, const struct alarm *a, const char *me,
		  int64_t now_ms);

#endif
