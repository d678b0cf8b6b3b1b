/* call.h — the outcomes of a call the operator makes about an alarm (the
 * site's contacts in order, then its police station), one table: the wire
 * name and what the outcome says about the alarm. The workflow (flow.c)
 * applies them; the screen names them (ui/call_view.c). Pure. */
#ifndef CALL_H
#define CALL_H

#include "alarm.h"

enum call_outcome {
	CALL_NO_ANSWER,
	CALL_BUSY,
	CALL_WRONG_NUMBER,
	CALL_CONFIRMED_FALSE, /* reached: the person confirms a false alarm */
	CALL_CONFIRMED_REAL,  /* reached: the person confirms it is real */
	CALL_PASSCODE_OK,     /* the site's passcode given: a false alarm */
	CALL_DURESS,          /* the duress passcode given: real, P1, for the police */
	CALL_OUTCOME_COUNT
};

extern const char *const call_outcome_names[CALL_OUTCOME_COUNT]; /* wire names */
int call_outcome_parse(const char *s, enum call_outcome *out);

/* What the outcome says about the alarm: real, false, or nothing (no one
 * reached). */
enum flow_verdict call_verdict(enum call_outcome o);

/* The number the op carries for the police station: after the contacts. */
static inline int call_police_index(const struct alarm *a) { return a->ncontacts; }

#endif
