/* manscdp.h — the XML bodies of GB/T 28181 (Application/MANSCDP+xml):
 * Notify, Response, Query and Control, read with libxml2 (GB2312, GB18030
 * or UTF-8 as devices send them, whatever they declare) into one flat
 * record, and written (GB2312, as the standard's examples) from name/value
 * pairs. Only what the center uses is read: alarms, keepalives, catalogs,
 * control commands and results. docs/gb28181.md. */
#ifndef CENTER_MANSCDP_H
#define CENTER_MANSCDP_H

#include <stdbool.h>
#include <stddef.h>

#define MANSCDP_MAX_BODY 65536 /* a catalog of a big NVR fits */
#define MANSCDP_MAX_ITEMS 64   /* catalog items read from one message */
#define GB_ID_LEN 21	       /* a 20-digit code and its NUL */
#define MANSCDP_CONTENT_TYPE "Application/MANSCDP+xml"

enum manscdp_root { MANSCDP_NOTIFY, MANSCDP_RESPONSE, MANSCDP_QUERY, MANSCDP_CONTROL };

struct manscdp_item {
	char id[GB_ID_LEN], name[96], status[8];
};

struct manscdp {
	enum manscdp_root root;
	char cmd[24]; /* CmdType: Alarm, Keepalive, Catalog, DeviceControl */
	unsigned long sn;
	char device_id[GB_ID_LEN];
	char status[8]; /* Keepalive: OK / ERROR */
	char result[8]; /* Response: OK / ERROR */
	/* Alarm */
	int priority, method, type, event_type; /* 0: absent */
	char time[20];				/* AlarmTime as sent: 2009-12-04T16:23:32 */
	char description[160];
	double lon, lat;
	bool has_lonlat;
	/* Catalog response */
	int sum_num;
	int nitems;
	struct manscdp_item items[MANSCDP_MAX_ITEMS];
	/* Control */
	char guard[16];	    /* GuardCmd: SetGuard / ResetGuard */
	char alarm_cmd[16]; /* AlarmCmd: ResetAlarm */
	char ptz[20];	    /* PTZCmd: 16 hex digits */
};

/* Reads body into m. 0, or -1 with what was wrong in err. Text is UTF-8
 * with control characters dropped. */
int manscdp_parse(const char *body, size_t len, struct manscdp *m, char *err, size_t errlen);

/* A body: <root><CmdType>cmd</CmdType><SN>sn</SN><DeviceID>id</DeviceID>
 * and then each pair of kv (name, value; NULL ends), a name "A/B" meaning
 * <A><B>value</B></A> (one A for all its B). Returns a malloc'd NUL-ended
 * document (its length in *len), or NULL. */
char *manscdp_build(enum manscdp_root root, const char *cmd, unsigned long sn,
		    const char *device_id, const char *const *kv, size_t *len);

/* A catalog response with its items (SumNum = total, DeviceList of n). */
char *manscdp_catalog(unsigned long sn, const char *device_id, int total,
		      const struct manscdp_item *items, int n, size_t *len);

#endif
