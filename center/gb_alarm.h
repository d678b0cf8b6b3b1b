/* gb_alarm.h — a GB/T 28181 alarm Notify as an alarm of the center: its
 * site and zone from the device and channel, its class and Contact ID code
 * from the AlarmMethod/AlarmType table, its priority from AlarmPriority
 * (never above its class's ceiling), its time from AlarmTime, and the
 * device's cameras. */
#ifndef CENTER_GB_ALARM_H
#define CENTER_GB_ALARM_H

#include <stddef.h>

struct center;
struct gb_device;
struct manscdp;

/* Emits it in its own batch (durable on return). The alarm's id in id
 * ("" when none was raised). Returns center_emit_alarm's code: 0,
 * CENTER_TEST_SIGNAL (the site on test: a test signal), AD_ENOMEM (refused:
 * too many open alarms — the device must send it again). */
int gb_alarm(struct center *c, const struct gb_device *d, const struct manscdp *m, char *id,
	     size_t idlen);

/* AlarmTime ("2009-12-04T16:23:32", the device's local time) in ms, or 0. */
long long gb_alarm_time(const char *text);

#endif
