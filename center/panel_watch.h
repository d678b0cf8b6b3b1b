/* panel_watch.h — what the center keeps watching of its panels: each must be
 * heard (a link test, a periodic test report or any event) within its test
 * interval plus a grace; one that is not raises a "failed to report" fault
 * alarm (000 6.1.4, Contact ID 354 at the panel) with its clocks, and the
 * panel's next frame reports that alarm restored. The last-heard times are
 * stored (every 30 s and at stop) so that a restarted center goes on from
 * them, and the open "failed to report" alarms are not raised again.
 * Restores a panel sends (qualifier 3) are shown on the open alarm they
 * restore, never close it. */
#ifndef CENTER_PANEL_WATCH_H
#define CENTER_PANEL_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct center;
struct panel;
struct site;
struct panel_watch;

/* The grace after a test interval before a panel counts as missing: half
 * the interval, at least 1 s and at most 5 minutes. */
int64_t panel_grace_ms(int32_t interval_s);

/* Checks the panels of c every second. */
struct panel_watch *panel_watch_start(struct center *c);
void panel_watch_stop(struct panel_watch *w);

/* Panel p was heard now (a frame that read well). */
void panel_heard(struct center *c, struct panel *p, int64_t now_ms);

/* A restore of (site, zone, Contact ID code), said by the receiver's frame
 * origin: the newest open alarm of that site, zone and code not yet
 * restored is marked restored now (its id in id). False when none is open. */
bool panel_restore(struct center *c, const struct site *st, int zone, const char *cid,
		   const char *origin, char *id, size_t idlen);

#endif
