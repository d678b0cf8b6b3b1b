/* images.c — an alarm's images asked from its center (query what=images):
 * the images message says how many and how big, the binary messages that
 * follow are their bytes; once all are in, APP_EV_IMAGES. Kept in memory
 * only (000 9.1.4), until the next ask; journaled "view.images". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "app-int.h"

void app__images_release(struct app *a)
{
	struct app_images *im = &a->images;

	for (int i = 0; i < im->got; i++)
		free(im->img[i].data);
	memset(im, 0, sizeof *im);
}

int app_query_images(struct app *a, const struct alarm *al)
{
	char id[32];
	struct proto_query q = {.req_id = id, .what = PROTO_Q_IMAGES, .alarm = al->id};
	struct link *l = al->center < a->ncenters ? app__op_link(a, al->center) : NULL;

	if (l == NULL)
		return AD_EIO;
	snprintf(id, sizeof id, "q%llu", (unsigned long long)++a->query_counter);
	app__images_release(a);
	snprintf(a->images.alarm, sizeof a->images.alarm, "%s", al->id);
	snprintf(a->images.req_id, sizeof a->images.req_id, "%s", id);
	a->images.center = al->center;
	a->images.n = -1; /* asked */
	return link_send(l, proto_encode_query(&q)) ? AD_EIO : 0;
}

static void complete(struct app *a)
{
	struct app_images *im = &a->images;
	char detail[64];

	im->complete = true;
	snprintf(detail, sizeof detail, "%d", im->n);
	app_journal(a, im->alarm, "view.images", detail);
	app__emit(a, (struct app_event){.kind = APP_EV_IMAGES, .center = im->center,
					.id = im->alarm, .code = im->n});
}

void app__on_images(struct app *a, int center, const struct proto_images *x)
{
	struct app_images *im = &a->images;

	if (im->n != -1 || center != im->center || strcmp(x->req_id ? x->req_id : "", im->req_id))
		return; /* not the answer waited for */
	im->n = x->n;
	for (int i = 0; i < x->n; i++) {
		im->img[i].at_ms = x->at_ms[i];
		im->img[i].len = x->bytes[i];
	}
	if (im->n == 0)
		complete(a);
}

bool app__on_image(struct app *a, const unsigned char *data, size_t len)
{
	struct app_images *im = &a->images;
	struct app_image *img = &im->img[im->got];

	if (im->n <= 0 || im->got >= im->n || len != img->len)
		return false;
	if ((img->data = malloc(len)) == NULL) {
		app__images_release(a);
		return true; /* nothing to show: the ask is over */
	}
	memcpy(img->data, data, len);
	if (++im->got == im->n)
		complete(a);
	return true;
}
