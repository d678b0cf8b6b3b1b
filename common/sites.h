/* sites.h — the customer data set (customers.json), read by both programs:
 * sites with their address, contacts, zones and cameras, from which the
 * center builds alarms and the console's map tools check markers. Also the
 * response plans (plans.json, a ready `plans` frame). */
#ifndef COMMON_SITES_H
#define COMMON_SITES_H

#include <stddef.h>

#include "../app/core/alarm.h"
#include "../net/proto.h"

#define SITES_MAX 10000
#define SITE_MAX_ZONES 64

struct site_zone {
	int no;
	const char *name, *detector, *level, *marker;
};

struct site {
	struct alarm tmpl; /* customer, address, contacts, cameras, position map */
	void *rules;       /* the site's overrides of its plans' rules (cJSON), or NULL */
	struct site_zone zones[SITE_MAX_ZONES];
	int nzones;
};

struct sites {
	struct site *v;
	size_t n;
	const struct site **by_id; /* v sorted by customer id (sites_find) */
	void *tree;  /* parsed customers.json; the strings above point into it */
	char *plans; /* the plans frame text */
	char *plan_ids[ALARM_CLASS_COUNT]; /* plan id per alarm class, or NULL */
	struct alarm_rules rules[ALARM_CLASS_COUNT]; /* per class: the plan's rules */
	bool has_rules[ALARM_CLASS_COUNT];
	struct proto_msg *plans_msg; /* the decoded plans (rules point into it) */
	int false_outcomes[PROTO_MAX_CODES]; /* outcome codes marked "false" */
	int nfalse;
};

/* Loads dir/customers.json and dir/plans.json. Returns 0, or AD_EINVAL /
 * AD_EIO with "file: path: what" in err. */
int sites_load(struct sites *s, const char *dir, char *err, size_t errlen);
void sites_release(struct sites *s);

const struct site *sites_find(const struct sites *s, const char *cust_id);
const struct site_zone *site_zone(const struct site *st, int no);

/* Fills a (strings borrowed from the site) for an event at zone `zone_no`. */
void site_make_alarm(const struct sites *s, const struct site *st, int zone_no,
		     const char *code, enum alarm_channel ch, struct alarm *a);

/* True when `code` is an outcome marked "false" in plans.json. */
bool sites_false_outcome(const struct sites *s, int code);

#endif
