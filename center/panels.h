/* panels.h — the alarm panels the center receives from (data/…/panels.json):
 * per DC-09 account its site, expected receiver and line, AES key, and the
 * interval of its periodic test; plus what the receiver learns of each at
 * run time (last heard, recent frames for duplicates). docs/receivers.md. */
#ifndef CENTER_PANELS_H
#define CENTER_PANELS_H

#include <stddef.h>
#include <stdint.h>

#include "../common/sites.h"

#define PANELS_MAX 100000

struct panel {
	char account[17];
	const struct site *site;
	char receiver[8], line[8]; /* "" = any */
	char key[33];              /* "" = plain frames */
	int32_t test_interval_s;   /* 0 = none expected */
	int64_t on_test_until_ms;  /* the data puts its site on test until then (0: no) */
	char on_test_reason[120];
	/* run time */
	int64_t last_heard_ms;     /* any frame (stored, see panel_watch.c); 0: never */
	int64_t saved_heard_ms;    /* what the store has */
	int64_t shared_heard_ms;   /* what the cluster was told (center.h heard_cb) */
	char missed_id[48];        /* the "failed to report" alarm raised, "" none */
};

struct panels {
	struct panel *v; /* sorted by account */
	size_t n;
};

/* Loads dir/panels.json against the data set s (a missing file is no
 * panels). Returns 0, or AD_EINVAL / AD_EIO with "panels.json: where: what"
 * in err. */
int panels_load(struct panels *p, const char *dir, const struct sites *s, char *err,
		size_t errlen);
void panels_release(struct panels *p);
struct panel *panels_find(const struct panels *p, const char *account);

#endif
