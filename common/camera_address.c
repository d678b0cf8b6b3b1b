/* camera_address.c — rewrite, login and the shown form of a camera's address. */
#include "camera_address.h"

#include <stdio.h>
#include <string.h>

static int words(const char *line, char out[][256], int max)
{
	int n = 0;

	while (*line && n < max) {
		size_t len;
		while (*line == ' ' || *line == '\t')
			line++;
		len = strcspn(line, " \t");
		if (len == 0)
			break;
		if (len >= 256)
			return -1;
		memcpy(out[n], line, len);
		out[n++][len] = '\0';
		line += len;
	}
	while (*line == ' ' || *line == '\t')
		line++;
	return *line ? -1 : n;
}

int video_rules_add_rewrite(struct video_rules *r, const char *line, char *err, size_t errlen)
{
	char w[3][256];

	if (words(line, w, 3) != 2 || strlen(w[0]) >= sizeof r->rewrite[0].prefix) {
		snprintf(err, errlen, "rewrite: expected PREFIX NEW-PREFIX");
		return -1;
	}
	if (r->nrewrite == VIDEO_RULES) {
		snprintf(err, errlen, "rewrite: at most %d rules", VIDEO_RULES);
		return -1;
	}
	snprintf(r->rewrite[r->nrewrite].prefix, sizeof r->rewrite[0].prefix, "%s", w[0]);
	snprintf(r->rewrite[r->nrewrite++].to, sizeof r->rewrite[0].to, "%s", w[1]);
	return 0;
}

int video_rules_add_login(struct video_rules *r, const char *line, char *err, size_t errlen)
{
	char w[4][256];

	if (words(line, w, 4) != 3 || strlen(w[0]) >= sizeof r->login[0].host ||
	    strlen(w[1]) >= sizeof r->login[0].user || strlen(w[2]) >= sizeof r->login[0].password ||
	    strpbrk(w[1], ":@/") || strpbrk(w[2], "@/")) {
		snprintf(err, errlen, "credentials: expected HOST USER PASSWORD (no @ or / in them)");
		return -1;
	}
	if (r->nlogin == VIDEO_RULES) {
		snprintf(err, errlen, "credentials: at most %d hosts", VIDEO_RULES);
		return -1;
	}
	snprintf(r->login[r->nlogin].host, sizeof r->login[0].host, "%s", w[0]);
	snprintf(r->login[r->nlogin].user, sizeof r->login[0].user, "%s", w[1]);
	snprintf(r->login[r->nlogin++].password, sizeof r->login[0].password, "%s", w[2]);
	return 0;
}

static const char *const schemes[] = {"rtsp://", "rtsps://", "http://", "https://"};

int video_address(const struct video_rules *r, const char *channel, char *url, size_t urllen,
		  char *shown, size_t shownlen)
{
	char a[512];
	const char *auth, *host, *end, *at;
	size_t hostlen;
	int ok = 0;

	snprintf(a, sizeof a, "%s", channel);
	for (int i = 0; i < r->nrewrite; i++) {
		size_t n = strlen(r->rewrite[i].prefix);
		if (strncmp(channel, r->rewrite[i].prefix, n) == 0) {
			snprintf(a, sizeof a, "%s%s", r->rewrite[i].to, channel + n);
			break;
		}
	}
	for (const char *p = a; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			snprintf(shown, shownlen, "the camera's address has spaces or control characters");
			return -1;
		}
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		ok |= strncmp(a, schemes[i], strlen(schemes[i])) == 0;
	if (!ok) {
		snprintf(shown, shownlen, strncmp(a, "gb28181:", 8) == 0
						  ? "a GB/T 28181 channel: its live video needs the center's media relay (not yet)"
						  : "not a camera address (rtsp:// or http://)");
		return -1;
	}
	auth = strstr(a, "://") + 3;
	end = auth + strcspn(auth, "/?#");
	at = memchr(auth, '@', (size_t)(end - auth));
	host = at ? at + 1 : auth;
	hostlen = (size_t)(end - host);
	/* Shown: scheme, host and path, never a login. */
	snprintf(shown, shownlen, "%.*s%s", (int)(auth - a), a, host);
	if (at) {
		snprintf(url, urllen, "%s", a);
		return 0;
	}
	for (int i = 0; i < r->nlogin; i++) {
		const char *h = r->login[i].host;
		size_t hl = strlen(h);
		/* The host alone, or with its port. */
		if (hl <= hostlen && strncmp(host, h, hl) == 0 &&
		    (hl == hostlen || host[hl] == ':')) {
			snprintf(url, urllen, "%.*s%s:%s@%s", (int)(auth - a), a, r->login[i].user,
				 r->login[i].password, host);
			return 0;
		}
	}
	snprintf(url, urllen, "%s", a);
	return 0;
}
