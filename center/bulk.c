/* bulk.c — a supervisor's decision on a storm's group (op autolog): the
 * open P3/P4 alarms of one kind (the class and event code of the alarm
 * named), only those whose device reported restored or all of them, are
 * logged — closed with the supervisor's reason on every timeline and in
 * the record, journaled by the supervisor's console. P1/P2 alarms are
 * refused and never swept in. */
#include "bulk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"

#define BULK_MAX 100000

int bulk_autolog(struct center *c, const struct proto_op *op, const char *who, const char **msg,
		 char **owned)
{
	const struct alarm *lead = book_find(c->book, op->alarm_id);
	char **ids, event[8];
	size_t n = 0, done = 0;
	enum alarm_class cls;

	if (lead == NULL) {
		*msg = "no open alarm with that id";
		return PROTO_E_ALARM;
	}
	if (lead->priority <= 2) {
		*msg = "P1/P2 alarms are handled one by one, never logged in bulk";
		return PROTO_E_FLOW;
	}
	if (op->code < 0 || op->code > 1 || !op->text[0]) {
		*msg = "say why, and whether the restored ones (0) or the whole group (1)";
		return PROTO_E_FIELD;
	}
	/* The kind, copied: closing the alarms frees the book's copy of lead. */
	cls = lead->cls;
	snprintf(event, sizeof event, "%s", lead->event_code);
	if ((ids = calloc(book_count(c->book) + 1, sizeof *ids)) == NULL) {
		*msg = "out of memory";
		return PROTO_E_INTERNAL;
	}
	/* The group first (closing changes the book). */
	for (size_t i = 0; book_at(c->book, i) && n < BULK_MAX; i++) {
		const struct alarm *a = book_at(c->book, i);
		if (a->priority >= 3 && a->cls == cls && strcmp(a->event_code, event) == 0 &&
		    (op->code == 1 || a->flow.restored_ms))
			ids[n++] = strdup(a->id);
	}
	for (size_t i = 0; i < n; i++) {
		const struct alarm *a = ids[i] ? book_find(c->book, ids[i]) : NULL;
		struct alarm x;
		if (a == NULL)
			continue;
		x = *a;
		x.state = ALARM_ST_CLOSED;
		x.flow.hold_until = 0;
		center_commit(c, &x,
			      &(struct center_change){.action = "autolog", .by = who, .text = op->text,
						      .arg = op->code});
		done++;
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	center_log("%s logged %zu %salarms of %s %s in bulk: %s", who, done,
		   op->code ? "" : "restored ", alarm_class_name(cls), event, op->text);
	if ((*owned = malloc(64)) != NULL)
		snprintf(*owned, 64, "logged %zu alarms", done);
	*msg = *owned ? *owned : "logged";
	return PROTO_OK;
}
