/* gb_devices.h — the GB/T 28181 side of the data set (gb28181.json): the
 * center's own 20-digit platform ID, domain and realm, and per device its
 * ID, site, password (for digest authentication), keepalive interval and
 * which of its channels are which zone of the site; plus what the center
 * learns of each at run time (registration, contact, last keepalive, the
 * channels of its catalog). And the one table of AlarmMethod/AlarmType →
 * Contact ID code and class (data/gb28181_alarm_types.csv). */
#ifndef CENTER_GB_DEVICES_H
#define CENTER_GB_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/sites.h"
#include "manscdp.h"
#include "sip_peer.h"

#define GB_MAX_DEVICES 10000
#define GB_MAX_ZONES 32	   /* channels of a device mapped to zones */
#define GB_MAX_CHANNELS 64 /* catalog items kept per device */
#define GB_KEEPALIVE_S 60  /* the standard's default interval */
#define GB_MISSED 3	   /* keepalives missed before a device is offline */

struct gb_channel {
	char id[GB_ID_LEN];
	char name[96];
	int zone; /* its zone at the site (data set), 0 none */
};

/* What the center learns of a device at run time (carried over a reload). */
struct gb_device_run {
	bool registered, online;
	struct sip_peer peer;			     /* where it speaks from */
	char contact[160];			     /* its Contact URI ("" : sip:ID@peer) */
	int64_t expires_ms;			     /* registration valid until */
	int64_t last_heard_ms;			     /* register, keepalive or any message */
	unsigned sn;				     /* our next command SN */
	struct gb_channel channels[GB_MAX_CHANNELS]; /* its catalog */
	int nchannels;
	char offline_alarm[48];	 /* the "device offline" alarm raised, "" none */
	char via[24];		 /* the leader: the node it was last heard through, "" this one */
	int64_t told_ms;	 /* a follower: when the leader was last told it heard it */
	unsigned auth_failures;	 /* in a row */
	int64_t locked_until_ms; /* after too many: refused until then */
};

struct gb_device {
	char id[GB_ID_LEN];
	const struct site *site;
	char password[64];
	char name[96];
	int keepalive_s;
	struct gb_channel zones[GB_MAX_ZONES]; /* from the data set */
	int nzones;
	struct gb_device_run run; /* what the center learns of it */
};

/* The upper platform the center registers to as a lower platform (级联):
 * the police alarm-receiving platform it forwards incidents to. */
struct gb_upper {
	bool on;
	char id[GB_ID_LEN], domain[16], password[64], name[96], address[80];
	struct sip_peer peer;
	int expires_s, keepalive_s;
};

struct gb_config {
	char platform_id[GB_ID_LEN], domain[16], realm[32];
	struct gb_upper upper;
	int keepalive_s;
	struct gb_device *devices; /* sorted by id */
	size_t ndevices;
};

/* Loads dir/gb28181.json against the data set (a missing file: no devices,
 * the platform ID 34020000002000000001 and its domain 3402000000). 0, or
 * AD_EINVAL / AD_EIO with "gb28181.json: where: what" in err. */
int gb_config_load(struct gb_config *g, const char *dir, const struct sites *s, char *err,
		   size_t errlen);
void gb_config_release(struct gb_config *g);
/* What the devices of old learned, to the same devices of neu (a reload);
 * the catalog's channels take their zones from neu. */
void gb_config_carry(struct gb_config *neu, const struct gb_config *old);
struct gb_device *gb_device_find(const struct gb_config *g, const char *id);
/* The channel of d with this ID (from the catalog or the data set), or NULL. */
const struct gb_channel *gb_channel_find(const struct gb_device *d, const char *id);

/* Whether id is a 20-digit GB/T 28181 code. */
bool gb_id_ok(const char *id);

struct gb_type {
	int method, type; /* type 0: none given */
	const char *cid, *cls, *zh, *en;
};
/* The row of (method, type): the exact one, else the method's row with no
 * type, else "other alarm". Never NULL. */
const struct gb_type *gb_type_of(int method, int type);
/* The whole table (for the unit test). */
const struct gb_type *gb_types(size_t *n);

#endif
