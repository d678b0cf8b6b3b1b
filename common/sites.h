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
	struct alarm_contact contacts[ALARM_MAX_CONTACTS]; /* tmpl's */
	struct alarm_camera cameras[ALARM_MAX_CAMERAS];
	struct alarm_rules *own_rules; /* with the overrides: as sites.rules_v, one a plan */
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
	struct proto_plan *plan_v; /* the plans, in file order */
	size_t nplans;
	struct proto_msg *plans_msg; /* the decoded plans (plan_v points into it) */
	/* The rules alarms point to: [2i] those of plan i as planned, [2i+1]
	 * for a key customer; after the plans, each class's without a plan. */
	struct alarm_rules *rules_v;
	struct proto_unit units[PROTO_MAX_UNITS]; /* the field units, for dispatch */
	int nunits;
	int false_outcomes[PROTO_MAX_CODES]; /* outcome codes marked "false" */
	int nfalse;
};

/* Loads dir/customers.json and dir/plans.json. Returns 0, or AD_EINVAL /
 * AD_EIO with "file: path: what" in err. */
int sites_load(struct sites *s, const char *dir, char *err, size_t errlen);
void sites_release(struct sites *s);

const struct site *sites_find(const struct sites *s, const char *cust_id);
const struct site_zone *site_zone(const struct site *st, int no);

/* Fills a (strings borrowed from the site) for an event at zone `zone_no`,
 * with the plan of its class and priority (sites_apply_plan). */
void site_make_alarm(const struct sites *s, const struct site *st, int zone_no,
		     const char *code, enum alarm_channel ch, struct alarm *a);

/* The plan for an alarm of class cls at priority prio: the plan that grades
 * that priority, else the class's plan without grades; NULL when none. */
const struct proto_plan *sites_plan_for(const struct sites *s, enum alarm_class cls, int prio);

/* Sets a's plan and rules from its class and priority as they are now (the
 * plan's rules, then the site's overrides; video for key customers). */
void sites_apply_plan(const struct sites *s, const struct site *st, struct alarm *a);

/* The field unit with this id (plans.json "units"), or NULL. */
const struct proto_unit *sites_unit(const struct sites *s, const char *id);

/* True when `code` is an outcome marked "false" in plans.json. */
bool sites_false_outcome(const struct sites *s, int code);

#endif
