/* flood.h — storm detection (flood mode): the center counts the alarms it
 * emits per second over the last 10 s; above the threshold it says so to
 * every console (a flood message, standing state while it lasts); once the
 * rate stayed under half the threshold for 30 s, it says the storm ended,
 * how long it lasted and how many alarms it brought. */
#ifndef CENTER_FLOOD_H
#define CENTER_FLOOD_H

#include "../app/core/alarm.h"

struct center;

/* Starts watching at `threshold` alarms/s (0: never a storm). 0, or
 * AD_EIO. */
int flood_open(struct center *c, double threshold);
void flood_close(struct center *c);
/* A new alarm was emitted. */
void flood_alarm(struct center *c, const struct alarm *a);

#endif
