/* standing.c — the keys of standing state (see standing.h). */
#include "standing.h"

#include <stdio.h>

#include "center.h"

void standing_device(struct standing_key *k, const struct proto_device *d)
{
	snprintf(k->key, sizeof k->key, "device:%s/%s", d->cust_id, d->device);
	k->kind = d->state == PROTO_DEV_ONLINE ? NULL : "device";
	k->at_ms = d->at_ms;
	k->keep = 0;
}

void standing_arm(struct standing_key *k, const struct proto_arm *a)
{
	snprintf(k->key, sizeof k->key, "arm:%s/%d", a->cust_id, a->partition);
	k->kind = "arm";
	k->at_ms = a->at_ms;
	k->keep = 0;
}

void standing_test(struct standing_key *k, const struct proto_test *t)
{
	snprintf(k->key, sizeof k->key, "test:%s", t->cust_id);
	k->kind = t->state == PROTO_TEST_OFF ? NULL : "test";
	k->at_ms = t->at_ms;
	k->keep = 0;
}

void standing_order(struct standing_key *k, const struct work_order *o)
{
	snprintf(k->key, sizeof k->key, "order:%s", o->id);
	k->kind = o->state == ORDER_CLOSED ? NULL : "order";
	k->at_ms = o->opened_ms;
	k->keep = 0;
}

void standing_flood(struct standing_key *k, const struct proto_flood *f)
{
	snprintf(k->key, sizeof k->key, "flood");
	k->kind = f->on ? "flood" : NULL;
	k->at_ms = f->at_ms;
	k->keep = 0;
}

void standing_notice(struct standing_key *k, const struct proto_notice *n, uint64_t seq)
{
	snprintf(k->key, sizeof k->key, "notice:%llu", (unsigned long long)seq);
	k->kind = "notice";
	k->at_ms = n->at_ms;
	k->keep = CENTER_NOTICES;
}
