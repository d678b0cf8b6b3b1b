/* site.c — a site's card asked from the center (query what=site) and the
 * answer kept until the next one: the frame decoded again into a message
 * of its own, since the link's is released after its callback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "app-int.h"

int app_query_site(struct app *a, const char *words)
{
	char id[32];
	struct proto_query q = {.req_id = id, .what = PROTO_Q_SITE, .site = words};
	struct link *l = a->ncenters ? app__op_link(a, 0) : NULL;

	if (words == NULL || words[0] == '\0')
		return AD_EINVAL;
	if (l == NULL)
		return AD_EIO;
	snprintf(id, sizeof id, "q%llu", (unsigned long long)++a->query_counter);
	return link_send(l, proto_encode_query(&q)) ? AD_EIO : 0;
}

void app__site_release(struct app *a)
{
	if (a->site_msg) {
		proto_msg_release(a->site_msg);
		free(a->site_msg);
		a->site_msg = NULL;
	}
}

void app__on_site(struct app *a, int center, const char *raw, size_t len)
{
	struct proto_msg *m = calloc(1, sizeof *m);
	char *copy = raw ? malloc(len + 1) : NULL, err[256], detail[200];

	if (m == NULL || copy == NULL) {
		free(m), free(copy);
		return;
	}
	memcpy(copy, raw, len);
	copy[len] = '\0';
	if (proto_decode(copy, len, m, err, sizeof err) || proto_site_get(m, &a->site, err, sizeof err)) {
		free(copy);
		proto_msg_release(m);
		free(m);
		return; /* it decoded once already: nothing new to say */
	}
	free(copy);
	app__site_release(a);
	a->site_msg = m;
	snprintf(detail, sizeof detail, "q=%s found=%s matches=%d history=%d", a->site.q,
		 a->site.found ? a->site.id : "-", a->site.nmatches, a->site.nhistory);
	app_journal(a, "", "view.site", detail);
	app__emit(a, (struct app_event){.kind = APP_EV_SITE, .center = center});
}
