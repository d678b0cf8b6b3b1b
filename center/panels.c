/* panels.c — loading the panel accounts (center/panels.h). */
#include "panels.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../app/core/ad.h"
#include "../common/file.h"
#include "../net/jsonrd.h"
#include "dc09_crypt.h"

static int cmp_panel(const void *x, const void *y)
{
	return strcmp(((const struct panel *)x)->account, ((const struct panel *)y)->account);
}

static int read_panel(cJSON *o, const struct sites *s, struct panel *p, char *err, size_t errlen,
		      size_t i)
{
	char path[40];
	struct jr r = {err, errlen, path, NULL, NULL};
	const char *acct, *site, *rcv = "", *line = "", *key = "", *until, *why;
	int64_t interval = 0;

	snprintf(path, sizeof path, "panels[%zu]", i);
	JR_TRY(jr_str(&r, o, "account", true, &acct));
	JR_TRY(jr_str(&r, o, "site", true, &site));
	JR_TRY(jr_str(&r, o, "receiver", false, &rcv));
	JR_TRY(jr_str(&r, o, "line", false, &line));
	JR_TRY(jr_str(&r, o, "key", false, &key));
	JR_TRY(jr_int(&r, o, "test_interval_s", false, 0, 31 * 86400, &interval));
	JR_TRY(jr_str(&r, o, "on_test_until", false, &until));
	JR_TRY(jr_str(&r, o, "on_test_reason", false, &why));
	if (until[0]) {
		/* ISO 8601 with its offset: "2026-12-31T18:00:00+08:00". */
		struct tm tm = {0};
		const char *end = strptime(until, "%Y-%m-%dT%H:%M:%S%z", &tm);
		if (end == NULL || *end)
			return jr_fail(&r, "on_test_until",
				       "expected a time like 2026-12-31T18:00:00+08:00");
		p->on_test_until_ms = ((int64_t)timegm(&tm) - tm.tm_gmtoff) * 1000;
		snprintf(p->on_test_reason, sizeof p->on_test_reason, "%s", why);
	}
	if (strlen(acct) < 3 || strlen(acct) > 16 || strspn(acct, "0123456789ABCDEFabcdef") != strlen(acct))
		return jr_fail(&r, "account", "3 to 16 hex digits");
	if ((rcv[0] && (rcv[0] != 'R' || strlen(rcv) > 7)) || (line[0] && (line[0] != 'L' || strlen(line) > 7)))
		return jr_fail(&r, rcv[0] && rcv[0] != 'R' ? "receiver" : "line",
			       "R or L and 1 to 6 hex digits");
	if (key[0] && !dc09_key_ok(key))
		return jr_fail(&r, "key", "16, 24 or 32 characters (AES-128, -192, -256)");
	if ((p->site = sites_find(s, site)) == NULL)
		return jr_fail(&r, "site", "not a customer of the data set");
	for (size_t k = 0; acct[k]; k++) /* accounts compare in capitals */
		p->account[k] = (char)toupper((unsigned char)acct[k]);
	snprintf(p->receiver, sizeof p->receiver, "%s", rcv);
	snprintf(p->line, sizeof p->line, "%s", line);
	snprintf(p->key, sizeof p->key, "%s", key);
	p->test_interval_s = (int32_t)interval;
	return 0;
}

int panels_load(struct panels *p, const char *dir, const struct sites *s, char *err,
		size_t errlen)
{
	char path[1024], msg[300];
	char *text;
	cJSON *root, *arr, *o;
	size_t i = 0;
	int rc = 0;

	memset(p, 0, sizeof *p);
	snprintf(path, sizeof path, "%s/panels.json", dir);
	if (access(path, F_OK) != 0)
		return 0; /* no panels: every DC-09 frame is from an unknown account */
	if ((text = file_read(path, 16u << 20, NULL, err, errlen)) == NULL)
		return AD_EIO;
	root = cJSON_Parse(text);
	free(text);
	arr = cJSON_GetObjectItemCaseSensitive(root, "panels");
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > PANELS_MAX) {
		ad_err(err, errlen, "%s: expected {\"panels\": [...]} of at most %d", path, PANELS_MAX);
		cJSON_Delete(root);
		return AD_EINVAL;
	}
	p->v = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *p->v);
	if (p->v == NULL)
		abort();
	cJSON_ArrayForEach(o, arr)
	{
		if ((rc = jr_check_tree(o, 1, 3, msg, sizeof msg)) ||
		    (rc = read_panel(o, s, &p->v[i], msg, sizeof msg, i))) {
			ad_err(err, errlen, "%s: %s", path, msg);
			break;
		}
		i++;
	}
	cJSON_Delete(root);
	p->n = i;
	qsort(p->v, p->n, sizeof *p->v, cmp_panel);
	for (size_t k = 1; rc == 0 && k < p->n; k++)
		if (strcmp(p->v[k].account, p->v[k - 1].account) == 0) {
			ad_err(err, errlen, "%s: account %s twice", path, p->v[k].account);
			rc = AD_EINVAL;
		}
	if (rc)
		panels_release(p);
	return rc ? AD_EINVAL : 0;
}

void panels_release(struct panels *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

struct panel *panels_find(const struct panels *p, const char *account)
{
	struct panel key;

	if (p->n == 0 || strlen(account) >= sizeof key.account)
		return NULL;
	memset(key.account, 0, sizeof key.account);
	for (size_t k = 0; account[k]; k++)
		key.account[k] = (char)toupper((unsigned char)account[k]);
	return bsearch(&key, p->v, p->n, sizeof *p->v, cmp_panel);
}
