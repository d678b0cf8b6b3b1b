/* modes.c — what differs between live, demo, training and replay, as one
 * table, and the rules read from it: the workflow clock and whether this
 * console may act. */
#include <string.h>
#include <time.h>

#include "app-int.h"
#include "replay.h"

int64_t app_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The centers' time: ours corrected by the first center's skew. */
static int64_t center_clock(const struct app *a)
{
	return app_now_ms() + (a->ncenters && a->centers[0].has_skew ? a->centers[0].skew_ms : 0);
}

static int64_t recording_clock(const struct app *a)
{
	return a->replay ? replay_now(a->replay) : center_clock(a);
}

const struct app_mode_ops app_modes[APP_MODE_COUNT] = {
	[APP_MODE_LIVE] = {"live", NULL, true, true, center_clock, NULL},
	[APP_MODE_DEMO] = {"demo", NULL, true, true, center_clock, NULL},
	[APP_MODE_TRAINING] = {"training", NULL, true, true, center_clock, app__training_seen},
	/* Read-only, silent, unjournaled: the frames come from the file. */
	[APP_MODE_REPLAY] = {"replay", "replay", false, false, recording_clock, NULL},
};

int64_t app_center_now(const struct app *a)
{
	return app_modes[a->mode].clock(a);
}

const char *app_mode_name(enum app_mode m)
{
	return (unsigned)m < APP_MODE_COUNT ? app_modes[m].name : "?";
}

static bool journal_down(const struct app *a)
{
	return a->journal == NULL || journal_full(a->journal);
}

bool app_records_not(const struct app *a)
{
	return app_modes[a->mode].read_only != NULL || journal_down(a);
}

const char *app_read_only(const struct app *a)
{
	if (app_modes[a->mode].read_only)
		return app_modes[a->mode].read_only;
	if (a->role == PROTO_ROLE_SUPERVISOR)
		return "supervisor";
	/* No action the journal could not record durably. */
	if (journal_down(a))
		return "journal";
	return NULL;
}
