/* alerting.c — telling the operator: every event goes to the front end and
 * schedules the sound policy; the policy (app/core/alert) decides on a
 * summary of the book, the engine (audio/) plays what it decides, and
 * silences and audio failures are journaled. When audio is off the bell and
 * the screen carry the alert alone. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app-int.h"
#include "core/flow.h"
#include "i18n.h"

#define LINK_VOICE_EVERY_MS 30000

static void emit_ev(struct app *a, enum app_event_kind k, int code, const char *text)
{
	if (a->fe && a->fe->event)
		a->fe->event(a->fe_data, &(struct app_event){.kind = k, .code = code, .text = text});
}

void app__emit(struct app *a, struct app_event ev)
{
	if (ev.kind == APP_EV_ALARM && ev.alarm && ev.seq) {
		a->newest_ms = ev.alarm->received_ms;
		a->newest_priority = ev.alarm->priority;
	}
	if (ev.kind == APP_EV_ALARM || ev.kind == APP_EV_UPDATE || ev.kind == APP_EV_LINK ||
	    ev.kind == APP_EV_OVERDUE)
		app_alert_due(a);
	if (ev.kind == APP_EV_DEVICE && ev.code == PROTO_DEV_OFFLINE)
		audio_play(a->audio, ALERT_VOICE_OFFLINE);
	/* A hold ran out: the alarm comes back with its sound for whoever
	 * holds it (or anyone, when nobody does), unless silenced. */
	if (ev.kind == APP_EV_HOLD_END && ev.alarm &&
	    (!ev.alarm->claimed_by[0] || strcmp(ev.alarm->claimed_by, a->cfg.operator_) == 0) &&
	    alert_silence_left(&a->alert, app_center_now(a)) == 0) {
		enum alert_sound s = alert_sound_of(ev.alarm->cls);
		audio_play(a->audio, s);
		emit_ev(a, APP_EV_SOUND, (int)s, alert_sound_name(s));
	}
	if (a->fe && a->fe->event)
		a->fe->event(a->fe_data, &ev);
}

static void started_cb(void *ctx, enum alert_sound s, int64_t delay_us)
{
	struct app *a = ctx;
	a->sound_delay_us[a->nsound_delay++ % 256] = delay_us;
}

static void sounds_dir(const struct app *a, char *buf, size_t len)
{
	if (a->cfg.sounds_dir[0])
		snprintf(buf, len, "%s", a->cfg.sounds_dir);
	else if (access("data/sounds/panic.wav", R_OK) == 0)
		snprintf(buf, len, "data/sounds");
	else
		snprintf(buf, len, "%s/sounds", AD_DATADIR);
}

void app_alert_init(struct app *a)
{
	struct audio_opts o = {0};
	char dir[600];

	alert_init(&a->alert);
	a->alert.silence_ms = a->cfg.silence_s * 1000;
	a->started_ms = app_now_ms();
	uv_timer_init(a->loop, &a->alert_timer);
	a->alert_timer.data = a;
	if (!a->cfg.audio && !a->cfg.audio_out[0]) {
		snprintf(a->audio_off, sizeof a->audio_off, "%s", "disabled in the config");
		return;
	}
	sounds_dir(a, dir, sizeof dir);
	o.sounds_dir = dir;
	o.file_out = a->cfg.audio_out[0] ? a->cfg.audio_out : NULL;
	o.zh = i18n_is_zh();
	for (int s = 0; s < ALERT_SOUND_COUNT && s < 10; s++) {
		o.override[s] = a->cfg.sound[s][0] ? a->cfg.sound[s] : NULL;
		o.gain[s] = a->cfg.volume[s];
	}
	a->audio = audio_open(a->loop, &o, started_cb, a, a->audio_off, sizeof a->audio_off);
}

/* The summary the policy decides on. */
static void view(struct app *a, struct alert_view *v, int64_t now)
{
	memset(v, 0, sizeof *v);
	/* The book is in priority order: the first unclaimed alarm not on hold
	 * is the most urgent one. */
	for (size_t i = 0;; i++) {
		const struct alarm *al = book_at(a->book, i);
		if (al == NULL)
			break;
		if (al->claimed_by[0] || al->flow.hold_until > now)
			continue;
		v->top_priority = al->priority;
		v->top_class = al->cls;
		break;
	}
	v->top_received_ms = a->newest_ms;
	v->newest_priority = a->newest_priority;
	v->overdue_priority = a->overdue_priority;
	v->links_down = false;
	if (a->ncenters > 0) {
		/* A center none of whose links is up: nothing reaches this console
		 * from it. Allow ten seconds for the first connection. */
		bool all_up = true;
		for (int i = 0; i < a->ncenters; i++)
			all_up &= a->centers[i].state == LINK_UP;
		a->ever_up |= all_up;
		v->links_down = !all_up && (a->ever_up || app_now_ms() - a->started_ms > 10000);
	}
}

static void journal(struct app *a, const char *action, const char *detail, const char *outcome)
{
	if (a->journal)
		journal_append(a->journal, "", action, detail, outcome);
}

static void eval(struct app *a)
{
	int64_t now = app_center_now(a);
	struct alert_view v;
	struct alert_action act;

	view(a, &v, now);
	alert_step(&a->alert, &v, now, &act);
	if (act.silence_broken) {
		journal(a, "audio.silence_broken", "a newer, more urgent alarm", "");
		emit_ev(a, APP_EV_SILENCE, 0, "broken");
	}
	if (act.silence_expired) {
		journal(a, "audio.silence_expired", "", "");
		emit_ev(a, APP_EV_SILENCE, 0, "expired");
	}
	/* A link down cannot be missed: the voice says so again every
	 * LINK_VOICE_EVERY_MS until the link is back or the operator
	 * acknowledged it (s); the bell rings with it. */
	a->links_down = v.links_down;
	if (v.links_down && !a->links_down_acked &&
	    (!a->links_lost_told || now - a->links_voice_ms >= LINK_VOICE_EVERY_MS)) {
		a->links_lost_told = true;
		a->links_voice_ms = now;
		audio_play(a->audio, ALERT_VOICE_LINK);
		emit_ev(a, APP_EV_SOUND, (int)ALERT_VOICE_LINK, alert_sound_name(ALERT_VOICE_LINK));
	} else if (!v.links_down) {
		a->links_lost_told = false;
		a->links_down_acked = false;
	}
	if (act.sound == ALERT_NONE)
		return;
	audio_play(a->audio, act.sound);
	emit_ev(a, APP_EV_SOUND, (int)act.sound, alert_sound_name(act.sound));
}

static void tick_cb(uv_timer_t *t)
{
	eval(t->data);
}

void app_alert_due(struct app *a)
{
	/* On the next loop pass, then every 250 ms. */
	if (a->alert_timer.loop != NULL && !uv_is_closing((uv_handle_t *)&a->alert_timer))
		uv_timer_start(&a->alert_timer, tick_cb, 0, 250);
}

void app_alert_silence(struct app *a)
{
	int64_t now = app_center_now(a);
	struct alert_view v;
	char detail[80];

	if (a->links_down && !a->links_down_acked) {
		/* s acknowledges a link down too: its voice stops repeating. */
		a->links_down_acked = true;
		journal(a, "link.down_ack", "", a->cfg.operator_);
	}

	view(a, &v, now);
	alert_silence(&a->alert, &v, now);
	snprintf(detail, sizeof detail, "for %ds", a->cfg.silence_s);
	journal(a, "audio.silence", detail, a->cfg.operator_);
	snprintf(detail, sizeof detail, "%d", a->cfg.silence_s);
	emit_ev(a, APP_EV_SILENCE, 1, detail);
}

void app_alert_unsilence(struct app *a)
{
	alert_unsilence(&a->alert);
	journal(a, "audio.unsilence", "", "");
}

void app_alert_close(struct app *a, void (*done)(void *ctx), void *ctx)
{
	if (a->alert_timer.loop != NULL && !uv_is_closing((uv_handle_t *)&a->alert_timer))
		uv_close((uv_handle_t *)&a->alert_timer, NULL);
	if (a->audio) {
		struct audio *au = a->audio;
		a->audio = NULL;
		audio_close(au, done, ctx);
	} else if (done) {
		done(ctx);
	}
}

/* Journals the audio state once the journal is open (app_start). */
void app_alert_journal_state(struct app *a)
{
	if (a->audio == NULL)
		journal(a, "audio.off", a->audio_off, "");
	else
		journal(a, "audio.on", a->cfg.audio_out[0] ? a->cfg.audio_out : "device", "");
}

