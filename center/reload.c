/* reload.c — the accounts and the data set read again while the center
 * runs (SIGHUP): all of it or nothing. What the center learned at run time
 * follows each site and panel to its new place: a site's newest alarms, its
 * test, a panel's supervision and recent frames. Sessions of removed
 * accounts are closed; open alarms are the store's and stay as they are.
 * A cluster's accounts replace a node's likewise (center_accounts_adopt). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "center.h"
#include "server.h"

/* The run-time state of the old sites and panels, carried to the new. */
static int carry(struct center *c, const struct sites *ns, struct panels *np,
		 char (**recent)[CENTER_SITE_RECENT][48], struct site_test **tests)
{
	*recent = calloc(ns->n ? ns->n : 1, sizeof **recent);
	*tests = calloc(ns->n ? ns->n : 1, sizeof **tests);
	if (*recent == NULL || *tests == NULL) {
		free(*recent);
		free(*tests);
		return AD_ENOMEM;
	}
	for (size_t i = 0; i < c->sites.n; i++) {
		const struct site *st = sites_find(ns, c->sites.v[i].tmpl.cust_id);
		if (st == NULL)
			continue;
		memcpy((*recent)[st - ns->v], c->site_recent[i], sizeof **recent);
		if (c->tests)
			(*tests)[st - ns->v] = c->tests[i];
	}
	for (size_t i = 0; i < np->n; i++) {
		struct panel *p = &np->v[i];
		const struct panel *old = panels_find(&c->panels, p->account);
		if (old == NULL)
			continue;
		p->last_heard_ms = old->last_heard_ms;
		p->saved_heard_ms = old->saved_heard_ms;
		p->shared_heard_ms = old->shared_heard_ms;
		memcpy(p->missed_id, old->missed_id, sizeof p->missed_id);
	}
	return 0;
}

int center_reload(struct center *c, char *err, size_t errlen)
{
	struct sites ns;
	struct panels np = {0};
	struct gb_config ng;
	struct accounts *na;
	char (*recent)[CENTER_SITE_RECENT][48];
	struct site_test *tests;
	char why[512];
	int rc;

	if ((rc = sites_load(&ns, c->cfg.datadir, why, sizeof why)) != 0) {
		snprintf(err, errlen, "data: %s", why);
		return rc;
	}
	if ((rc = panels_load(&np, c->cfg.datadir, &ns, why, sizeof why)) != 0) {
		snprintf(err, errlen, "data: %s", why);
		sites_release(&ns);
		return rc;
	}
	if ((rc = gb_config_load(&ng, c->cfg.datadir, &ns, why, sizeof why)) != 0) {
		snprintf(err, errlen, "data: %s", why);
		panels_release(&np);
		sites_release(&ns);
		return rc;
	}
	if ((na = accounts_load(c->cfg.accounts, 1, why, sizeof why)) == NULL) {
		snprintf(err, errlen, "%s", why);
		gb_config_release(&ng);
		panels_release(&np);
		sites_release(&ns);
		return AD_EINVAL;
	}
	if (carry(c, &ns, &np, &recent, &tests)) {
		snprintf(err, errlen, "out of memory");
		accounts_free(na);
		gb_config_release(&ng);
		panels_release(&np);
		sites_release(&ns);
		return AD_ENOMEM;
	}
	/* Nothing can fail from here: the new state replaces the old. */
	gb_config_carry(&ng, &c->gb);
	gb_config_release(&c->gb);
	c->gb = ng;
	panels_release(&c->panels);
	sites_release(&c->sites);
	accounts_free(c->accounts);
	free(c->site_recent);
	free(c->tests);
	c->sites = ns;
	c->panels = np;
	c->accounts = na;
	c->site_recent = recent;
	c->tests = tests;
	snprintf(err, errlen,
		 "%zu sites, %zu panels, %zu GB/T 28181 devices, %zu sessions of removed accounts closed",
		 c->sites.n, c->panels.n, c->gb.ndevices, center_server_drop_removed(c));
	if (c->accounts_changed)
		c->accounts_changed(c);
	return site_tests_from_data(c);
}

int center_accounts_adopt(struct center *c, struct accounts *na, char *err, size_t errlen)
{
	if (accounts_save(na, c->cfg.accounts, err, errlen)) {
		accounts_free(na);
		return -1;
	}
	accounts_free(c->accounts);
	c->accounts = na;
	return (int)center_server_drop_removed(c);
}
