/* orders.h — the center's work orders (工单): made from fault alarms or by
 * hand, their life cycle (app/core/order.h) driven by ops, escalated by a
 * repeated fault, marked by a restore. */
#ifndef CENTER_ORDERS_H
#define CENTER_ORDERS_H

#include "../app/core/alarm.h"
#include "../net/proto.h"

struct center;

/* The open orders found again (standing state) and the repair limits. 0,
 * or AD_EIO (the store's error says why). */
int orders_open(struct center *c);
void orders_close(struct center *c);

/* An operator opened a work order on fault alarm a (op order): a new order
 * for its device, or its open one counted once more. */
void orders_from_alarm(struct center *c, const struct alarm *a, const char *by);
/* A new fault alarm a: the open order of its device escalates. */
void orders_fault(struct center *c, const struct alarm *a);
/* The device (zone 0: the panel) reported restored. */
void orders_restored(struct center *c, const char *cust_id, int zone);

/* Ops work and work_new (PROTO_OK or PROTO_E_*, with msg; *owned freed by
 * the caller). */
int orders_op(struct center *c, const struct proto_op *op, const char *who, const char **msg,
	      char **owned);

#endif
