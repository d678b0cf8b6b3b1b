/* gb_alarm.c — alarm Notify → alarm (center/gb_alarm.h). */
#include "gb_alarm.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "center.h"
#include "gb_devices.h"

long long gb_alarm_time(const char *text)
{
	struct tm tm = {0};
	const char *end = strptime(text, "%Y-%m-%dT%H:%M:%S", &tm);
	time_t t;

	if (end == NULL || (*end && *end != '.'))
		return 0;
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) == (time_t)-1)
		return 0;
	return (long long)t * 1000;
}

/* Cameras: type codes 131 (camera) and 132 (IP camera) of the catalog. */
static bool is_camera(const char *id)
{
	return strncmp(id + 10, "131", 3) == 0 || strncmp(id + 10, "132", 3) == 0;
}

int gb_alarm(struct center *c, const struct gb_device *d, const struct manscdp *m, char *id,
	     size_t idlen)
{
	const struct gb_type *t = gb_type_of(m->method, m->type);
	const struct gb_channel *ch = gb_channel_find(d, m->device_id);
	char detector[240], source[48], urls[ALARM_MAX_CAMERAS][40];
	struct alarm_camera cams[ALARM_MAX_CAMERAS]; /* the device's, then the site's */
	long long at = m->time[0] ? gb_alarm_time(m->time) : 0;
	int64_t now = center_now_ms();
	struct alarm a;
	int rc;

	id[0] = '\0';
	site_make_alarm(&c->sites, d->site, ch ? ch->zone : 0, t->cid, ALARM_CHANNEL_SIP, &a);
	/* GB/T 28181 level 1 is the most urgent, as P1 is; a fault keeps its
	 * class's ceiling. */
	if (m->priority >= 1 && m->priority <= 4 && !alarm_is_fault(a.cls) &&
	    m->priority < a.priority) {
		a.priority = m->priority;
		sites_apply_plan(&c->sites, d->site, &a);
	}
	snprintf(detector, sizeof detector, "%s%s%s%s", t->zh,
		 m->event_type == 1   ? "（进入区域）"
		 : m->event_type == 2 ? "（离开区域）"
				      : "",
		 m->description[0] ? "：" : "", m->description);
	a.zone_detector = detector;
	if (ch && a.zone_no == 0 && ch->name[0])
		a.zone_name = ch->name;
	/* The device's clock, unless it is far off (then the receiving time). */
	if (at > 0 && at < now + 60000 && at > now - 24 * 3600 * 1000LL)
		a.occurred_ms = at;
	if (m->has_lonlat) {
		a.lon = m->lon;
		a.lat = m->lat;
		a.has_lonlat = true;
	}
	/* The device's cameras first (the one that saw it), then the site's. */
	{
		const struct alarm_camera *site_cams = a.cameras;
		int nsite = a.ncameras, n = 0;
		for (int i = 0; i < d->run.nchannels && n < ALARM_MAX_CAMERAS; i++) {
			const struct gb_channel *k = &d->run.channels[i];
			if (!is_camera(k->id))
				continue;
			snprintf(urls[n], sizeof urls[0], "gb28181:%s", k->id);
			cams[n].name = k->name[0] ? k->name : k->id;
			cams[n].channel = urls[n];
			n++;
		}
		for (int i = 0; i < nsite && n < ALARM_MAX_CAMERAS; i++) {
			bool same = false; /* the data set's name of a camera the catalog has */
			for (int k = 0; k < n; k++)
				same |= strcmp(cams[k].name, site_cams[i].name) == 0;
			if (!same)
				cams[n++] = site_cams[i];
		}
		a.cameras = cams;
		a.ncameras = n;
	}
	snprintf(source, sizeof source, "gb28181 #%s", m->device_id[0] ? m->device_id : d->id);
	a.sources = source;
	center_batch_begin(c);
	rc = center_emit_alarm(c, &a, d->site);
	if (rc == 0) {
		snprintf(id, idlen, "%s", a.id);
		center_log(
		    "gb28181 %s channel %s: alarm method %d type %d level %d (%s) → alarm %s",
		    d->id, m->device_id, m->method, m->type, m->priority, t->en, id);
	}
	center_batch_end(c);
	return rc;
}
