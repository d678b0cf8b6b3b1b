/* config.c — INI parsing with libinih; unknown sections or keys and bad
 * values are errors with their line number, so a typo never passes silently. */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void config_default_path(char *buf, size_t len)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (x && x[0])
		snprintf(buf, len, "%s/alarmdesk/alarmdesk.conf", x);
	else
		snprintf(buf, len, "%s/.config/alarmdesk/alarmdesk.conf", home ? home : ".");
	/* The operator's own file, else the machine's: a center makes its
	 * defaults (the language, its address) every console's there. */
	if (access(buf, F_OK) != 0 && access(AD_SYSCONFDIR "/alarmdesk.conf", F_OK) == 0)
		snprintf(buf, len, "%s", AD_SYSCONFDIR "/alarmdesk.conf");
}

void config_defaults(struct config *c)
{
	const char *user = getenv("USER"), *x = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char host[64] = "console";

	memset(c, 0, sizeof *c);
	gethostname(host, sizeof host - 1);
	snprintf(c->console_id, sizeof c->console_id, "%s", host);
	snprintf(c->operator_, sizeof c->operator_, "%s", user && user[0] ? user : "operator");
	snprintf(c->role, sizeof c->role, "operator");
	snprintf(c->lang, sizeof c->lang, "auto");
	if (x && x[0])
		snprintf(c->journal, sizeof c->journal, "%s/alarmdesk/journal.db", x);
	else
		snprintf(c->journal, sizeof c->journal, "%s/.local/share/alarmdesk/journal.db",
			 home ? home : ".");
	snprintf(c->journal_hash, sizeof c->journal_hash, "sha256");
	c->retention_days = 180;
	c->flash = true;
	c->redraw_ms = 50;
	c->keys = (struct config_keys){'c', 'r', 'x', '?', 'q', 's'};
	c->audio = true;
	c->bell = true;
	c->silence_s = 120;
	c->video = true;
	c->video_fps = 15;
	c->video_budget_kbs = 256;
	for (int i = 0; i < 10; i++)
		c->volume[i] = 1.0f;
}

struct parse {
	struct config *c;
	struct config_center *center; /* current [center …] section */
	char section[64];             /* and its header */
	char err[256];
};

static int set_str(char *dst, size_t len, const char *v, struct parse *p, const char *key)
{
	if (strlen(v) >= len) {
		snprintf(p->err, sizeof p->err, "%s: value longer than %zu bytes", key, len - 1);
		return 0;
	}
	memcpy(dst, v, strlen(v) + 1);
	return 1;
}

static int set_bool(bool *dst, const char *v, struct parse *p, const char *key)
{
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcmp(v, "1") || !strcasecmp(v, "on"))
		*dst = true;
	else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcmp(v, "0") ||
		 !strcasecmp(v, "off"))
		*dst = false;
	else {
		snprintf(p->err, sizeof p->err, "%s: expected true or false, not '%.40s'", key, v);
		return 0;
	}
	return 1;
}

/* An integer in [lo, hi]; `why` (may be "") follows the range in the error. */
static int set_int(int *dst, const char *v, long lo, long hi, const char *why, struct parse *p,
		   const char *key)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (end == v || *end || n < lo || n > hi) {
		snprintf(p->err, sizeof p->err, "%s: expected %ld..%ld%s", key, lo, hi, why);
		return 0;
	}
	*dst = (int)n;
	return 1;
}

static int one_of(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return (int)i;
	return -1;
}

static int on_console(struct parse *p, const char *k, const char *v)
{
	struct config *c = p->c;
	static const char *const roles[] = {"operator", "supervisor", "trainee"};
	static const char *const langs[] = {"auto", "zh", "en"};

	if (!strcmp(k, "id"))
		return set_str(c->console_id, sizeof c->console_id, v, p, k);
	if (!strcmp(k, "operator"))
		return set_str(c->operator_, sizeof c->operator_, v, p, k);
	if (!strcmp(k, "ca_file"))
		return set_str(c->ca_file, sizeof c->ca_file, v, p, k);
	if (!strcmp(k, "callback_phone"))
		return set_str(c->callback_phone, sizeof c->callback_phone, v, p, k);
	if (!strcmp(k, "password_file"))
		return set_str(c->password_file, sizeof c->password_file, v, p, k);
	if (!strcmp(k, "journal"))
		return set_str(c->journal, sizeof c->journal, v, p, k);
	if (!strcmp(k, "retention_days"))
		return set_int(&c->retention_days, v, 180, 36500, " (GA 1383 keeps alarms 180 days)",
			       p, k);
	if (!strcmp(k, "journal_queue_mb"))
		return set_int(&c->journal_queue_mb, v, 1, 4096, "", p, k);
	if (!strcmp(k, "journal_hash")) {
		if (strcmp(v, "sha256") && strcmp(v, "sm3")) {
			snprintf(p->err, sizeof p->err, "journal_hash: expected sha256 or sm3");
			return 0;
		}
		return set_str(c->journal_hash, sizeof c->journal_hash, v, p, k);
	}
	if (!strcmp(k, "role")) {
		if (one_of(v, roles, 3) < 0) {
			snprintf(p->err, sizeof p->err, "role: expected operator, supervisor or trainee");
			return 0;
		}
		return set_str(c->role, sizeof c->role, v, p, k);
	}
	if (!strcmp(k, "lang")) {
		if (one_of(v, langs, 3) < 0) {
			snprintf(p->err, sizeof p->err, "lang: expected auto, zh or en");
			return 0;
		}
		return set_str(c->lang, sizeof c->lang, v, p, k);
	}
	snprintf(p->err, sizeof p->err, "[console]: unknown key '%.40s'", k);
	return 0;
}

static int on_ui(struct parse *p, const char *k, const char *v)
{
	static const char *const colors[] = {"auto", "8", "mono"};

	if (!strcmp(k, "flash"))
		return set_bool(&p->c->flash, v, p, k);
	if (!strcmp(k, "maps_dir"))
		return set_str(p->c->maps_dir, sizeof p->c->maps_dir, v, p, k);
	if (!strcmp(k, "redraw_ms")) {
		char *end;
		long ms = strtol(v, &end, 10);
		if (*end || ms < 10 || ms > 1000) {
			snprintf(p->err, sizeof p->err, "redraw_ms: expected 10..1000");
			return 0;
		}
		p->c->redraw_ms = (int)ms;
		return 1;
	}
	if (!strcmp(k, "colors")) {
		int i = one_of(v, colors, 3);
		if (i < 0) {
			snprintf(p->err, sizeof p->err, "colors: expected auto, 8 or mono");
			return 0;
		}
		p->c->colors = (enum config_colors)i;
		return 1;
	}
	snprintf(p->err, sizeof p->err, "[ui]: unknown key '%.40s'", k);
	return 0;
}

static int on_keys(struct parse *p, const char *k, const char *v)
{
	struct config_keys *keys = &p->c->keys;
	int *slot = !strcmp(k, "claim")	    ? &keys->claim
		    : !strcmp(k, "release") ? &keys->release
		    : !strcmp(k, "close")   ? &keys->close
		    : !strcmp(k, "help")    ? &keys->help
		    : !strcmp(k, "quit")    ? &keys->quit
		    : !strcmp(k, "silence") ? &keys->silence
					    : NULL;

	if (slot == NULL) {
		snprintf(p->err, sizeof p->err, "[keys]: unknown key '%.40s'", k);
		return 0;
	}
	if (strlen(v) != 1 || v[0] <= ' ' || v[0] > '~' || strchr("jkgGJK", v[0])) {
		snprintf(p->err, sizeof p->err,
			 "%s: expected one printable ASCII character (not j, k, g, G, J, K)", k);
		return 0;
	}
	*slot = v[0];
	return 1;
}

static const char *const sound_keys[10] = {
	"panic", "fire", "intrusion", "medical", "fault", "offline", "link", "overdue",
	"voice_offline", "voice_link",
};

static int on_audio(struct parse *p, const char *k, const char *v)
{
	struct config *c = p->c;

	if (!strcmp(k, "enabled"))
		return set_bool(&c->audio, v, p, k);
	if (!strcmp(k, "bell"))
		return set_bool(&c->bell, v, p, k);
	if (!strcmp(k, "sounds_dir"))
		return set_str(c->sounds_dir, sizeof c->sounds_dir, v, p, k);
	if (!strcmp(k, "silence_seconds"))
		return set_int(&c->silence_s, v, 10, 900, "", p, k);
	for (int i = 0; i < 10; i++) {
		char key[40];
		snprintf(key, sizeof key, "sound_%s", sound_keys[i]);
		if (!strcmp(k, key))
			return set_str(c->sound[i], sizeof c->sound[i], v, p, k);
		snprintf(key, sizeof key, "volume_%s", sound_keys[i]);
		if (!strcmp(k, key)) {
			char *end;
			double g = strtod(v, &end);
			if (*end || g < 0 || g > 1) {
				snprintf(p->err, sizeof p->err, "%s: expected a volume from 0 to 1", k);
				return 0;
			}
			c->volume[i] = (float)g;
			return 1;
		}
	}
	snprintf(p->err, sizeof p->err, "[audio]: unknown key '%.40s'", k);
	return 0;
}

static int on_phone(struct parse *p, const char *k, const char *v)
{
	if (!strcmp(k, "dial_command")) {
		if (v[0] && strstr(v, "%n") == NULL) {
			snprintf(p->err, sizeof p->err, "dial_command: %%n must stand for the number");
			return 0;
		}
		return set_str(p->c->dial_command, sizeof p->c->dial_command, v, p, k);
	}
	snprintf(p->err, sizeof p->err, "[phone]: unknown key '%.40s'", k);
	return 0;
}

static int on_video(struct parse *p, const char *k, const char *v)
{
	struct config *c = p->c;

	if (!strcmp(k, "enabled"))
		return set_bool(&c->video, v, p, k);
	if (!strcmp(k, "fps"))
		return set_int(&c->video_fps, v, 1, 30, "", p, k);
	if (!strcmp(k, "budget_kbs"))
		return set_int(&c->video_budget_kbs, v, 8, 100000, " (KB/s of terminal output)", p,
			       k);
	if (!strcmp(k, "player_command"))
		return set_str(c->player_command, sizeof c->player_command, v, p, k);
	if (!strcmp(k, "rewrite"))
		return video_rules_add_rewrite(&c->video_rules, v, p->err, sizeof p->err) == 0;
	if (!strcmp(k, "credentials"))
		return video_rules_add_login(&c->video_rules, v, p->err, sizeof p->err) == 0;
	snprintf(p->err, sizeof p->err, "[video]: unknown key '%.40s'", k);
	return 0;
}

static int handler(void *user, const char *section, const char *k, const char *v)
{
	struct parse *p = user;

	if (!strcmp(section, "audio"))
		return on_audio(p, k, v);
	if (!strcmp(section, "video"))
		return on_video(p, k, v);
	if (!strcmp(section, "console"))
		return on_console(p, k, v);
	if (!strcmp(section, "ui"))
		return on_ui(p, k, v);
	if (!strcmp(section, "keys"))
		return on_keys(p, k, v);
	if (!strcmp(section, "phone"))
		return on_phone(p, k, v);
	if (!strncmp(section, "center", 6)) {
		if (p->center == NULL || strcmp(p->section, section) != 0) {
			/* A new [center] section: its name defaults to the section's. */
			if (p->c->ncenters == CONFIG_MAX_CENTERS) {
				snprintf(p->err, sizeof p->err, "more than %d centers",
					 CONFIG_MAX_CENTERS);
				return 0;
			}
			p->center = &p->c->centers[p->c->ncenters++];
			snprintf(p->center->name, sizeof p->center->name, "%s", section);
			snprintf(p->section, sizeof p->section, "%s", section);
		}
		if (!strcmp(k, "name"))
			return set_str(p->center->name, sizeof p->center->name, v, p, k);
		if (!strcmp(k, "url"))
			return config_add_urls(p->center, v, p->err, sizeof p->err) == 0;
		snprintf(p->err, sizeof p->err, "[%s]: unknown key '%.40s'", section, k);
		return 0;
	}
	snprintf(p->err, sizeof p->err, "unknown section [%.40s]", section);
	return 0;
}

int config_add_urls(struct config_center *c, const char *list, char *err, size_t errlen)
{
	const char *p = list;

	while (*p) {
		size_t n;
		p += strspn(p, " \t,");
		n = strcspn(p, ",");
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 0)
			break;
		if (c->nurls == CONFIG_MAX_URLS || n >= sizeof c->urls[0]) {
			snprintf(err, errlen, "url: at most %d endpoints of at most %zu bytes per center",
				 CONFIG_MAX_URLS, sizeof c->urls[0] - 1);
			return -1;
		}
		memcpy(c->urls[c->nurls], p, n);
		c->urls[c->nurls++][n] = '\0';
		p += n;
	}
	return 0;
}

int config_load(struct config *c, const char *path, bool missing_ok, char *err, size_t errlen)
{
	struct parse p = {.c = c};
	FILE *f = fopen(path, "r");
	int rc;

	if (f == NULL) {
		if (errno == ENOENT && missing_ok)
			return 0;
		snprintf(err, errlen, "cannot read config '%s': %s", path, strerror(errno));
		return -1;
	}
	rc = ini_parse_file(f, handler, &p);
	fclose(f);
	if (rc != 0) {
		snprintf(err, errlen, "%s:%d: %s", path, rc,
			 p.err[0] ? p.err : "syntax error (expected [section] or key = value)");
		return -1;
	}
	for (int i = 0; i < c->ncenters; i++) {
		if (c->centers[i].nurls == 0) {
			snprintf(err, errlen, "%s: center '%s' has no url", path, c->centers[i].name);
			return -1;
		}
	}
	return 0;
}
