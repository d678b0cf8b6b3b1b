/* console_sites.c — what the console core knows of sites beyond their
 * alarms: the devices not restored and each partition's arm state, as the
 * stream and the snapshots' standing state report them. Pure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console-int.h"

/* Keeps the list of devices not online. */
void console__device(struct console *c, int center, const struct console_msg *m)
{
	struct console_device *v = c->unrestored;
	int i;

	for (i = 0; i < c->nunrestored; i++)
		if (v[i].center == center && strcmp(v[i].cust_id, m->cust_id) == 0 &&
		    strcmp(v[i].device, m->device) == 0)
			break;
	if (m->code == 0) {
		if (i < c->nunrestored) {
			memmove(&v[i], &v[i + 1], (size_t)(c->nunrestored - i - 1) * sizeof *v);
			c->nunrestored--;
		}
		return;
	}
	if (i == c->nunrestored) {
		if (i == CONSOLE_MAX_UNRESTORED)
			return; /* beyond the cap a device is not listed (nor counted) */
		c->nunrestored++;
		snprintf(v[i].cust_id, sizeof v[i].cust_id, "%s", m->cust_id);
		snprintf(v[i].device, sizeof v[i].device, "%s", m->device);
		v[i].since_ms = m->at_ms;
		v[i].center = center;
	}
	v[i].state = m->code;
}

#define CONSOLE_MAX_ARMS 200000

/* Keeps each (site, partition)'s last arm state. */
void console__arm(struct console *c, int center, const struct console_msg *m)
{
	size_t i;
	struct console_arm *a;

	for (i = 0; i < c->narms; i++)
		if (c->arms[i].center == center && c->arms[i].partition == m->partition &&
		    strcmp(c->arms[i].cust_id, m->cust_id) == 0)
			break;
	if (i == c->narms) {
		if (c->narms == c->arms_cap) {
			size_t cap = c->arms_cap ? c->arms_cap * 2 : 64;
			struct console_arm *v = cap <= CONSOLE_MAX_ARMS ? realloc(c->arms, cap * sizeof *v)
									  : NULL;
			if (v == NULL)
				return; /* beyond the cap a site's arm state is not kept */
			c->arms = v;
			c->arms_cap = cap;
		}
		c->narms++;
	}
	a = &c->arms[i];
	snprintf(a->cust_id, sizeof a->cust_id, "%s", m->cust_id);
	snprintf(a->user, sizeof a->user, "%s", m->device ? m->device : "");
	a->partition = m->partition;
	a->center = center;
	a->armed = m->code == 1;
	a->at_ms = m->at_ms;
}

size_t console_arms_of(const struct console *c, int center, const char *cust_id,
		       const struct console_arm **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < c->narms && n < max; i++)
		if (c->arms[i].center == center && strcmp(c->arms[i].cust_id, cust_id) == 0)
			out[n++] = &c->arms[i];
	return n;
}

void console__arms_forget(struct console *c, int center)
{
	size_t k = 0;

	for (size_t i = 0; i < c->narms; i++)
		if (c->arms[i].center != center)
			c->arms[k++] = c->arms[i];
	c->narms = k;
}

void console__devices_forget(struct console *c, int center)
{
	int k = 0;

	for (int i = 0; i < c->nunrestored; i++)
		if (c->unrestored[i].center != center)
			c->unrestored[k++] = c->unrestored[i];
	c->nunrestored = k;
}
