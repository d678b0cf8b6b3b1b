/* proto_order.c — the order message (docs/protocol.md): a work order as the
 * center holds it after every change, read and written here so that both
 * sides name its fields alike. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "jsonrd.h"
#include "proto.h"

static void add_str(cJSON *o, const char *k, const char *v)
{
	cJSON_AddStringToObject(o, k, v ? v : "");
}

char *proto_encode_order(const struct work_order *w, uint64_t seq)
{
	cJSON *root = cJSON_CreateObject(), *o, *h;
	char *out;

	if (root == NULL)
		return NULL;
	add_str(root, "type", "order");
	jr_add_int(root, "seq", (int64_t)seq);
	o = cJSON_AddObjectToObject(root, "order");
	add_str(o, "id", w->id);
	add_str(o, "customer", w->cust_id);
	add_str(o, "site", w->site);
	add_str(o, "device", w->device);
	jr_add_int(o, "zone", w->zone_no);
	add_str(o, "class", alarm_class_name(w->cls));
	add_str(o, "event", w->event_code);
	add_str(o, "alarm", w->alarm_id);
	add_str(o, "description", w->description);
	add_str(o, "urgency", order_urgency_names[w->urgency]);
	add_str(o, "state", order_state_names[w->state]);
	add_str(o, "assignee", w->assignee);
	jr_add_int(o, "opened", w->opened_ms);
	jr_add_int(o, "due", w->due_ms);
	jr_add_int(o, "repaired", w->repaired_ms);
	jr_add_int(o, "closed", w->closed_ms);
	jr_add_int(o, "restored", w->restored_ms);
	jr_add_int(o, "faults", w->faults);
	h = cJSON_AddArrayToObject(o, "history");
	for (int i = 0; i < w->nhistory; i++) {
		cJSON *e = cJSON_CreateObject();
		jr_add_int(e, "at", w->history[i].at_ms);
		add_str(e, "action", w->history[i].action);
		add_str(e, "by", w->history[i].by);
		add_str(e, "text", w->history[i].text);
		cJSON_AddItemToArray(h, e);
	}
	out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return out;
}

static int copy(struct jr *r, cJSON *o, const char *name, bool required, char *dst, size_t len)
{
	const char *s;

	JR_TRY(jr_str(r, o, name, required, &s));
	if (strlen(s) >= len)
		return jr_fail(r, name, "too long");
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

static int read_enum(struct jr *r, cJSON *o, const char *name, const char *const *names, int n,
		     int *out)
{
	return jr_enum(r, o, name, names, n, out);
}

static int read_history(struct jr *r, cJSON *arr, struct work_order *w)
{
	cJSON *it;
	int n = cJSON_GetArraySize(arr), skip = n > ORDER_MAX_HISTORY ? n - ORDER_MAX_HISTORY : 0;

	cJSON_ArrayForEach(it, arr)
	{
		struct order_entry *e;
		if (skip-- > 0)
			continue;
		if (!cJSON_IsObject(it))
			return jr_fail(r, "history", "expected objects");
		e = &w->history[w->nhistory++];
		JR_TRY(jr_int(r, it, "at", true, 0, INT64_MAX, &e->at_ms));
		JR_TRY(copy(r, it, "action", true, e->action, sizeof e->action));
		JR_TRY(copy(r, it, "by", false, e->by, sizeof e->by));
		JR_TRY(copy(r, it, "text", false, e->text, sizeof e->text));
	}
	return 0;
}

int proto_order_get(const struct proto_msg *m, struct work_order *w, char *err, size_t errlen)
{
	struct jr r = {err, errlen, "order", NULL, NULL};
	cJSON *o, *h;
	int64_t v;
	int e;

	memset(w, 0, sizeof *w);
	if (m->type != PROTO_ORDER) {
		snprintf(err, errlen, "not an order message");
		return PROTO_E_TYPE;
	}
	JR_TRY(jr_obj(&r, m->tree, "order", true, &o));
	JR_TRY(copy(&r, o, "id", true, w->id, sizeof w->id));
	JR_TRY(copy(&r, o, "customer", true, w->cust_id, sizeof w->cust_id));
	JR_TRY(copy(&r, o, "site", false, w->site, sizeof w->site));
	JR_TRY(copy(&r, o, "device", false, w->device, sizeof w->device));
	JR_TRY(jr_int(&r, o, "zone", false, -1, 9999, &v)); /* -1: made by hand */
	w->zone_no = (int)v;
	JR_TRY(read_enum(&r, o, "class", alarm_class_names, ALARM_CLASS_COUNT, &e));
	w->cls = (enum alarm_class)e;
	JR_TRY(copy(&r, o, "event", false, w->event_code, sizeof w->event_code));
	JR_TRY(copy(&r, o, "alarm", false, w->alarm_id, sizeof w->alarm_id));
	JR_TRY(copy(&r, o, "description", false, w->description, sizeof w->description));
	JR_TRY(read_enum(&r, o, "urgency", order_urgency_names, ORDER_URGENCY_COUNT, &e));
	w->urgency = (enum order_urgency)e;
	JR_TRY(read_enum(&r, o, "state", order_state_names, ORDER_STATE_COUNT, &e));
	w->state = (enum order_state)e;
	JR_TRY(copy(&r, o, "assignee", false, w->assignee, sizeof w->assignee));
	JR_TRY(jr_int(&r, o, "opened", true, 0, INT64_MAX, &w->opened_ms));
	JR_TRY(jr_int(&r, o, "due", true, 0, INT64_MAX, &w->due_ms));
	JR_TRY(jr_int(&r, o, "repaired", false, 0, INT64_MAX, &w->repaired_ms));
	JR_TRY(jr_int(&r, o, "closed", false, 0, INT64_MAX, &w->closed_ms));
	JR_TRY(jr_int(&r, o, "restored", false, 0, INT64_MAX, &w->restored_ms));
	JR_TRY(jr_int(&r, o, "faults", false, 0, 1000000, &v));
	w->faults = (int)v;
	JR_TRY(jr_arr(&r, o, "history", &h));
	return h ? read_history(&r, h, w) : 0;
}
