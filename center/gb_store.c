/* gb_store.c — what the center learned of its GB/T 28181 devices, kept in
 * its store (standing state of kind "gb_device", one row per device): where
 * each registered from, until when, its catalog and its open "device
 * offline" alarm. A restarted center goes on from it, so a device that does
 * not register again at once is not refused its alarms; supervision starts
 * anew from the restart (center/gb_server-int.h). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../net/jsonrd.h"
#include "gb_server-int.h"
#include "sockaddr.h"

#define KIND "gb_device"

void gb_save(struct gb_server *s, const struct gb_device *d)
{
	struct center *c = s->c;
	cJSON *o = cJSON_CreateObject(), *chs;
	char key[40], addr[64], *text;
	bool own;

	sockaddr_name((const struct sockaddr *)&d->run.peer.addr, addr, sizeof addr);
	cJSON_AddStringToObject(o, "id", d->id);
	cJSON_AddBoolToObject(o, "registered", d->run.registered);
	cJSON_AddBoolToObject(o, "tcp", d->run.peer.tcp);
	cJSON_AddStringToObject(o, "addr", addr);
	cJSON_AddStringToObject(o, "contact", d->run.contact);
	jr_add_int(o, "expires", d->run.expires_ms);
	jr_add_int(o, "sn", d->run.sn);
	cJSON_AddStringToObject(o, "offline_alarm", d->run.offline_alarm);
	chs = cJSON_AddArrayToObject(o, "channels");
	for (int i = 0; i < d->run.nchannels; i++) {
		cJSON *k = cJSON_CreateObject();
		cJSON_AddStringToObject(k, "id", d->run.channels[i].id);
		cJSON_AddStringToObject(k, "name", d->run.channels[i].name);
		cJSON_AddItemToArray(chs, k);
	}
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (text == NULL)
		return;
	snprintf(key, sizeof key, "gb:%s", d->id);
	own = center_batch_begin(c);
	if (store_standing_put(c->store, key, KIND, center_now_ms(), text, 0))
		center_fatal_store(c);
	if (own)
		center_batch_end(c);
	free(text);
}

static const char *str(cJSON *o, const char *k)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(cJSON *o, const char *k)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static int restore_cb(void *ctx, const char *frame)
{
	struct gb_server *s = ctx;
	cJSON *o = cJSON_Parse(frame), *chs, *k;
	struct gb_device *d = o ? gb_device_find(gb(s), str(o, "id")) : NULL;
	int64_t now = center_now_ms();
	char err[120];

	if (d == NULL) { /* a device no longer in the data set */
		cJSON_Delete(o);
		return 0;
	}
	memset(&d->run, 0, sizeof d->run);
	d->run.peer.tcp = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "tcp"));
	if (sockaddr_parse("addr", str(o, "addr"), &d->run.peer.addr, err, sizeof err) != 0)
		memset(&d->run.peer.addr, 0, sizeof d->run.peer.addr);
	snprintf(d->run.contact, sizeof d->run.contact, "%s", str(o, "contact"));
	d->run.expires_ms = (int64_t)num(o, "expires");
	d->run.sn = (unsigned)num(o, "sn");
	d->run.registered = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "registered")) &&
			    d->run.expires_ms > now;
	snprintf(d->run.offline_alarm, sizeof d->run.offline_alarm, "%s", str(o, "offline_alarm"));
	if (d->run.offline_alarm[0] && book_find(s->c->book, d->run.offline_alarm) == NULL)
		d->run.offline_alarm[0] = '\0'; /* closed meanwhile */
	/* Supervised anew from now: its next keepalive is due an interval away. */
	d->run.online = d->run.registered && !d->run.offline_alarm[0];
	d->run.last_heard_ms = now;
	chs = cJSON_GetObjectItemCaseSensitive(o, "channels");
	cJSON_ArrayForEach(k, chs)
	{
		struct gb_channel *ch;
		if (d->run.nchannels == GB_MAX_CHANNELS || !gb_id_ok(str(k, "id")))
			continue;
		ch = &d->run.channels[d->run.nchannels++];
		snprintf(ch->id, sizeof ch->id, "%s", str(k, "id"));
		snprintf(ch->name, sizeof ch->name, "%s", str(k, "name"));
		for (int z = 0; z < d->nzones; z++)
			if (strcmp(d->zones[z].id, ch->id) == 0)
				ch->zone = d->zones[z].zone;
	}
	cJSON_Delete(o);
	return 0;
}

int gb_restore(struct gb_server *s)
{
	int n = 0;

	if (store_standing_each(s->c->store, KIND, 0, restore_cb, s))
		return -1;
	for (size_t i = 0; i < gb(s)->ndevices; i++)
		n += gb(s)->devices[i].run.registered;
	if (n)
		center_log("gb28181: %d device registrations restored from the store", n);
	return 0;
}
