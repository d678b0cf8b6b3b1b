/* bulk.h — a supervisor's bulk decision on a storm's group (op autolog). */
#ifndef CENTER_BULK_H
#define CENTER_BULK_H

#include "../net/proto.h"

struct center;

/* Logs (closes) the open P3/P4 alarms of the kind of op->alarm_id: code 0
 * those restored, 1 all; op->text the reason. PROTO_OK with msg saying how
 * many, or a refusal (P1/P2, no reason, no such alarm). *owned is freed by
 * the caller. */
int bulk_autolog(struct center *c, const struct proto_op *op, const char *who, const char **msg,
		 char **owned);

#endif
