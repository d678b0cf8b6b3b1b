/* gb_devices.c — gb28181.json and the alarm type table (center/gb_devices.h). */
#include "gb_devices.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../app/core/ad.h"
#include "../common/file.h"
#include "../net/jsonrd.h"
#include "sockaddr.h"

static const struct gb_type types[] = {
#include "gb_types.inc"
};

const struct gb_type *gb_types(size_t *n)
{
	*n = sizeof types / sizeof types[0];
	return types;
}

const struct gb_type *gb_type_of(int method, int type)
{
	const struct gb_type *fallback = NULL, *other = NULL;

	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		if (types[i].method == method && types[i].type == type)
			return &types[i];
		if (types[i].method == method && types[i].type == 0)
			fallback = &types[i];
		if (types[i].method == 7)
			other = &types[i];
	}
	return fallback ? fallback : other;
}

bool gb_id_ok(const char *id)
{
	return strlen(id) == 20 && strspn(id, "0123456789") == 20;
}

static int cmp_device(const void *x, const void *y)
{
	return strcmp(((const struct gb_device *)x)->id, ((const struct gb_device *)y)->id);
}

static int read_zones(struct jr *r, cJSON *o, struct gb_device *d)
{
	cJSON *zones = cJSON_GetObjectItemCaseSensitive(o, "zones"), *z;

	if (zones == NULL)
		return 0;
	if (!cJSON_IsObject(zones))
		return jr_fail(r, "zones", "expected {\"CHANNEL-ID\": ZONE, ...}");
	cJSON_ArrayForEach(z, zones)
	{
		if (d->nzones == GB_MAX_ZONES)
			return jr_fail(r, "zones", "more than 32 channels");
		if (!gb_id_ok(z->string) || !cJSON_IsNumber(z) || z->valuedouble < 1 ||
		    z->valuedouble > 999 || !site_zone(d->site, z->valueint))
			return jr_fail(r, "zones",
				       "each a 20-digit channel ID and a zone number of the site");
		snprintf(d->zones[d->nzones].id, GB_ID_LEN, "%s", z->string);
		d->zones[d->nzones++].zone = z->valueint;
	}
	return 0;
}

static int read_device(cJSON *o, const struct sites *s, int dflt_keepalive, struct gb_device *d,
		       char *err, size_t errlen, size_t i)
{
	char path[40];
	struct jr r = {err, errlen, path, NULL, NULL};
	const char *id, *site, *pw, *name = "";
	int64_t keepalive = dflt_keepalive;

	snprintf(path, sizeof path, "devices[%zu]", i);
	JR_TRY(jr_str(&r, o, "id", true, &id));
	JR_TRY(jr_str(&r, o, "site", true, &site));
	JR_TRY(jr_str(&r, o, "password", true, &pw));
	JR_TRY(jr_str(&r, o, "name", false, &name));
	JR_TRY(jr_int(&r, o, "keepalive_s", false, 1, 3600, &keepalive));
	if (!gb_id_ok(id))
		return jr_fail(&r, "id", "a 20-digit device code");
	if ((d->site = sites_find(s, site)) == NULL)
		return jr_fail(&r, "site", "not a customer of the data set");
	if (pw[0] == '\0' || strlen(pw) >= sizeof d->password)
		return jr_fail(&r, "password", "1 to 63 characters");
	snprintf(d->id, sizeof d->id, "%s", id);
	snprintf(d->password, sizeof d->password, "%s", pw);
	snprintf(d->name, sizeof d->name, "%s", name);
	d->keepalive_s = keepalive ? (int)keepalive : dflt_keepalive; /* 0: absent */
	return read_zones(&r, o, d);
}

static int read_upper(cJSON *root, struct gb_config *g, char *err, size_t errlen)
{
	struct jr r = {err, errlen, "upper", NULL, NULL};
	cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "upper");
	struct gb_upper *u = &g->upper;
	const char *id, *domain, *address, *transport = "udp", *pw, *name = "";
	int64_t expires = 0, keepalive = 0;

	if (o == NULL)
		return 0;
	JR_TRY(jr_str(&r, o, "id", true, &id));
	JR_TRY(jr_str(&r, o, "domain", true, &domain));
	JR_TRY(jr_str(&r, o, "address", true, &address));
	JR_TRY(jr_str(&r, o, "transport", false, &transport));
	JR_TRY(jr_str(&r, o, "password", true, &pw));
	JR_TRY(jr_str(&r, o, "name", false, &name));
	JR_TRY(jr_int(&r, o, "expires_s", false, 10, 86400, &expires));
	JR_TRY(jr_int(&r, o, "keepalive_s", false, 1, 3600, &keepalive));
	if (!gb_id_ok(id))
		return jr_fail(&r, "id", "the upper platform's 20-digit code");
	if (strlen(domain) < 1 || strlen(domain) > 10 ||
	    strspn(domain, "0123456789") != strlen(domain))
		return jr_fail(&r, "domain", "its 10-digit domain");
	if (transport[0] && strcmp(transport, "udp") != 0 && strcmp(transport, "tcp") != 0)
		return jr_fail(&r, "transport", "udp or tcp");
	if (sockaddr_parse("address", address, &u->peer.addr, err, errlen) != 0)
		return AD_EINVAL;
	if (pw[0] == '\0' || strlen(pw) >= sizeof u->password)
		return jr_fail(&r, "password", "1 to 63 characters");
	u->on = true;
	u->peer.tcp = strcmp(transport, "tcp") == 0;
	snprintf(u->id, sizeof u->id, "%s", id);
	snprintf(u->domain, sizeof u->domain, "%s", domain);
	snprintf(u->address, sizeof u->address, "%s", address);
	snprintf(u->password, sizeof u->password, "%s", pw);
	snprintf(u->name, sizeof u->name, "%s", name[0] ? name : id);
	u->expires_s = expires ? (int)expires : 3600;
	u->keepalive_s = keepalive ? (int)keepalive : GB_KEEPALIVE_S;
	return 0;
}

static int read_platform(cJSON *root, struct gb_config *g, char *err, size_t errlen)
{
	struct jr r = {err, errlen, "platform", NULL, NULL};
	cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "platform");
	const char *id = g->platform_id, *domain = g->domain, *realm = "";
	int64_t keepalive = GB_KEEPALIVE_S;
	struct jr top = {err, errlen, "gb28181", NULL, NULL};

	JR_TRY(jr_int(&top, root, "keepalive_s", false, 1, 3600, &keepalive));
	g->keepalive_s = keepalive ? (int)keepalive : GB_KEEPALIVE_S; /* 0: absent */
	if (p == NULL)
		return 0;
	JR_TRY(jr_str(&r, p, "id", false, &id));
	JR_TRY(jr_str(&r, p, "domain", false, &domain));
	JR_TRY(jr_str(&r, p, "realm", false, &realm));
	if (!gb_id_ok(id))
		return jr_fail(&r, "id", "a 20-digit platform code");
	if (strlen(domain) < 1 || strlen(domain) > 10 ||
	    strspn(domain, "0123456789") != strlen(domain))
		return jr_fail(&r, "domain", "the 10-digit domain (the ID's first 10 digits)");
	if (strlen(realm) >= sizeof g->realm)
		return jr_fail(&r, "realm", "at most 31 characters");
	snprintf(g->platform_id, sizeof g->platform_id, "%s", id);
	snprintf(g->domain, sizeof g->domain, "%s", domain);
	snprintf(g->realm, sizeof g->realm, "%s", realm[0] ? realm : g->domain);
	return 0;
}

int gb_config_load(struct gb_config *g, const char *dir, const struct sites *s, char *err,
		   size_t errlen)
{
	char path[1024], msg[300];
	char *text;
	cJSON *root, *arr, *o;
	size_t i = 0;
	int rc = 0;

	memset(g, 0, sizeof *g);
	snprintf(g->platform_id, sizeof g->platform_id, "34020000002000000001");
	snprintf(g->domain, sizeof g->domain, "3402000000");
	snprintf(g->realm, sizeof g->realm, "3402000000");
	g->keepalive_s = GB_KEEPALIVE_S;
	snprintf(path, sizeof path, "%s/gb28181.json", dir);
	if (access(path, F_OK) != 0)
		return 0;
	if ((text = file_read(path, 16u << 20, NULL, err, errlen)) == NULL)
		return AD_EIO;
	root = cJSON_Parse(text);
	free(text);
	if (root == NULL || jr_check_tree(root, 1, 5, msg, sizeof msg) ||
	    read_platform(root, g, msg, sizeof msg) || read_upper(root, g, msg, sizeof msg)) {
		ad_err(err, errlen, "%s: %s", path, root ? msg : "not JSON");
		cJSON_Delete(root);
		return AD_EINVAL;
	}
	arr = cJSON_GetObjectItemCaseSensitive(root, "devices");
	if (arr && (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > GB_MAX_DEVICES)) {
		ad_err(err, errlen, "%s: devices: expected [...] of at most %d", path,
		       GB_MAX_DEVICES);
		cJSON_Delete(root);
		return AD_EINVAL;
	}
	g->devices = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *g->devices);
	if (g->devices == NULL)
		abort();
	cJSON_ArrayForEach(o, arr)
	{
		if ((rc = read_device(o, s, g->keepalive_s, &g->devices[i], msg, sizeof msg, i))) {
			ad_err(err, errlen, "%s: %s", path, msg);
			break;
		}
		i++;
	}
	cJSON_Delete(root);
	g->ndevices = i;
	qsort(g->devices, g->ndevices, sizeof *g->devices, cmp_device);
	for (size_t k = 1; rc == 0 && k < g->ndevices; k++)
		if (strcmp(g->devices[k].id, g->devices[k - 1].id) == 0) {
			ad_err(err, errlen, "%s: device %s twice", path, g->devices[k].id);
			rc = AD_EINVAL;
		}
	if (rc)
		gb_config_release(g);
	return rc ? AD_EINVAL : 0;
}

void gb_config_release(struct gb_config *g)
{
	free(g->devices);
	g->devices = NULL;
	g->ndevices = 0;
}

struct gb_device *gb_device_find(const struct gb_config *g, const char *id)
{
	struct gb_device key;

	if (g->ndevices == 0 || !gb_id_ok(id))
		return NULL;
	snprintf(key.id, sizeof key.id, "%s", id);
	return bsearch(&key, g->devices, g->ndevices, sizeof *g->devices, cmp_device);
}

const struct gb_channel *gb_channel_find(const struct gb_device *d, const char *id)
{
	for (int i = 0; i < d->run.nchannels; i++)
		if (strcmp(d->run.channels[i].id, id) == 0)
			return &d->run.channels[i];
	for (int i = 0; i < d->nzones; i++)
		if (strcmp(d->zones[i].id, id) == 0)
			return &d->zones[i];
	return NULL;
}

static int zone_of(const struct gb_device *d, const char *channel)
{
	for (int i = 0; i < d->nzones; i++)
		if (strcmp(d->zones[i].id, channel) == 0)
			return d->zones[i].zone;
	return 0;
}

void gb_config_carry(struct gb_config *neu, const struct gb_config *old)
{
	for (size_t i = 0; i < neu->ndevices; i++) {
		struct gb_device *d = &neu->devices[i];
		const struct gb_device *o = gb_device_find(old, d->id);
		if (o == NULL)
			continue;
		d->run = o->run;
		for (int k = 0; k < d->run.nchannels; k++)
			d->run.channels[k].zone = zone_of(d, d->run.channels[k].id);
	}
}
