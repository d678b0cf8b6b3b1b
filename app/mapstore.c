/* mapstore.c — reading and caching the console's map files. */
#include "mapstore.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/file.h"
#include "i18n.h"

static void drop_plan(struct mapstore_slot *sl)
{
	if (sl->m) {
		map_site_release(sl->m);
		free(sl->m);
		sl->m = NULL;
	}
}

void mapstore_init(struct mapstore *s, const char *dir)
{
	memset(s, 0, sizeof *s);
	s->geo_size = -1;
	if (dir && dir[0])
		snprintf(s->dir, sizeof s->dir, "%s", dir);
	else if (access("data/maps/district.geojson", R_OK) == 0)
		snprintf(s->dir, sizeof s->dir, "data/maps");
	else
		snprintf(s->dir, sizeof s->dir, "%s/maps", AD_DATADIR);
}

void mapstore_release(struct mapstore *s)
{
	for (int i = 0; i < MAPSTORE_SLOTS; i++)
		drop_plan(&s->slot[i]);
	if (s->geo_ok)
		geo_release(&s->geo);
	memset(s, 0, sizeof *s);
}

/* A site id names a file: letters, digits, '-' and '_' only. */
static bool usable_id(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n >= sizeof ((struct mapstore_slot *)0)->site)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

static bool same_file(const struct stat *st, const struct timespec *mtime, long long size)
{
	return st->st_mtim.tv_sec == mtime->tv_sec && st->st_mtim.tv_nsec == mtime->tv_nsec &&
	       (long long)st->st_size == size;
}

/* Loads path into the slot; on any failure the slot keeps the reason. */
static void load_plan(struct mapstore_slot *sl, const char *path, const struct stat *st)
{
	char err[300], name[64];
	size_t len;
	char *text = file_read(path, MAP_MAX_TEXT, &len, err, sizeof err);
	struct map_site *m = NULL;

	drop_plan(sl);
	sl->mtime = st->st_mtim;
	sl->size = (long long)st->st_size;
	if (text == NULL) {
		snprintf(sl->err, sizeof sl->err, "%s", err);
		return;
	}
	if ((m = malloc(sizeof *m)) == NULL) {
		snprintf(sl->err, sizeof sl->err, "%s: out of memory", path);
	} else if (map_parse(text, len, m, err, sizeof err)) {
		snprintf(sl->err, sizeof sl->err, "%s:%s", path, err);
	} else if (strcmp(m->site, sl->site) != 0) {
		snprintf(name, sizeof name, "%s", m->site);
		map_site_release(m);
		snprintf(sl->err, sizeof sl->err, _("%s is the plan of site %s, not %s"), path, name,
			 sl->site);
	} else {
		sl->m = m;
		m = NULL;
	}
	free(m);
	free(text);
}

const struct map_site *mapstore_plan(struct mapstore *s, const char *site, const char **why)
{
	static char reason[400];
	struct mapstore_slot *sl = NULL;
	char path[640];
	struct stat st;

	if (!usable_id(site)) {
		snprintf(reason, sizeof reason, _("site id '%.40s' cannot name a plan file"), site);
		*why = reason;
		return NULL;
	}
	snprintf(path, sizeof path, "%s/%s.map", s->dir, site);
	if (stat(path, &st) != 0) {
		snprintf(reason, sizeof reason, _("no site plan %s (%s)"), path, strerror(errno));
		*why = reason;
		return NULL;
	}
	for (int i = 0; i < MAPSTORE_SLOTS; i++)
		if (strcmp(s->slot[i].site, site) == 0)
			sl = &s->slot[i];
	if (sl == NULL) {
		sl = &s->slot[0];
		for (int i = 1; i < MAPSTORE_SLOTS; i++)
			if (s->slot[i].used < sl->used)
				sl = &s->slot[i];
		drop_plan(sl);
		memset(sl, 0, sizeof *sl);
		snprintf(sl->site, sizeof sl->site, "%s", site);
		sl->size = -1;
	}
	sl->used = ++s->tick;
	if (!same_file(&st, &sl->mtime, sl->size))
		load_plan(sl, path, &st);
	*why = sl->err;
	return sl->m;
}

const struct geo *mapstore_district(struct mapstore *s, const char **why)
{
	char path[640], err[300];
	struct stat st;
	size_t len;
	char *text;

	*why = s->geo_err;
	snprintf(path, sizeof path, "%s/district.geojson", s->dir);
	if (stat(path, &st) != 0) {
		snprintf(s->geo_err, sizeof s->geo_err, _("no district map %s (%s)"), path,
			 strerror(errno));
		if (s->geo_ok)
			geo_release(&s->geo);
		s->geo_ok = false;
		s->geo_size = -1;
		return NULL;
	}
	if (same_file(&st, &s->geo_mtime, s->geo_size))
		return s->geo_ok ? &s->geo : NULL;
	if (s->geo_ok)
		geo_release(&s->geo);
	s->geo_ok = false;
	s->geo_mtime = st.st_mtim;
	s->geo_size = (long long)st.st_size;
	text = file_read(path, 16u << 20, &len, err, sizeof err);
	if (text == NULL) {
		snprintf(s->geo_err, sizeof s->geo_err, "%s", err);
		return NULL;
	}
	if (geo_parse(text, len, &s->geo, err, sizeof err))
		snprintf(s->geo_err, sizeof s->geo_err, "%s: %s", path, err);
	else
		s->geo_ok = true;
	free(text);
	return s->geo_ok ? &s->geo : NULL;
}
