/* camera_address.h — from a camera's channel (a map file's or the center's) to the
 * address the console opens: the site's rewrite rules (a media gateway, a
 * NAT, the demo's test camera) and the login for its host from the
 * configuration, never written in map files; and the same address as it
 * may be shown or journaled, without any login. Pure string work. */
#ifndef COMMON_CAMERA_ADDRESS_H
#define COMMON_CAMERA_ADDRESS_H

#include <stddef.h>

#define VIDEO_RULES 16

struct video_rules {
	struct {
		char prefix[128], to[256];
	} rewrite[VIDEO_RULES]; /* a channel starting with prefix is opened at to + the rest */
	int nrewrite;
	struct {
		char host[128], user[64], password[128];
	} login[VIDEO_RULES]; /* the login for a camera's host */
	int nlogin;
};

/* Adds "PREFIX TO" / "HOST USER PASSWORD" (one config line); 0, or -1 with
 * what was wrong in err. */
int video_rules_add_rewrite(struct video_rules *r, const char *line, char *err, size_t errlen);
int video_rules_add_login(struct video_rules *r, const char *line, char *err, size_t errlen);

/* The address to open (url, with the login) and to show (shown, without).
 * 0, or -1 with why in `shown` (an address no camera of this console can
 * be: a GB/T 28181 channel, another scheme, control characters). */
int video_address(const struct video_rules *r, const char *channel, char *url, size_t urllen,
		  char *shown, size_t shownlen);

#endif
