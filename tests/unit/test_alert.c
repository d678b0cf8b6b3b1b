/* Tests of app/core/alert.c: repeat intervals, claim stops the repeat, the
 * most urgent candidate decides, overdue escalation, link loss, silence that
 * expires and that a more urgent newer alarm breaks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../app/core/alert.h"

static enum alert_sound at(struct alert_policy *p, const struct alert_view *v, int64_t t)
{
	struct alert_action a;
	alert_step(p, v, t, &a);
	return a.sound;
}

static void repeats_until_claimed(void **state)
{
	struct alert_policy p;
	struct alert_view v = {.top_priority = 2, .top_class = ALARM_CLASS_INTRUSION,
			       .top_received_ms = 0, .newest_priority = 2};

	alert_init(&p);
	assert_int_equal(at(&p, &v, 0), ALERT_INTRUSION);
	assert_int_equal(at(&p, &v, 250), ALERT_NONE);
	assert_int_equal(at(&p, &v, 4999), ALERT_NONE);
	assert_int_equal(at(&p, &v, 5000), ALERT_INTRUSION);
	v.top_priority = 0; /* claimed */
	assert_int_equal(at(&p, &v, 10000), ALERT_NONE);
	assert_int_equal(at(&p, &v, 20000), ALERT_NONE);
}

static void most_urgent_decides(void **state)
{
	struct alert_policy p;
	struct alert_view v = {.top_priority = 2, .top_class = ALARM_CLASS_INTRUSION};

	alert_init(&p);
	assert_int_equal(at(&p, &v, 0), ALERT_INTRUSION);
	v.top_priority = 1, v.top_class = ALARM_CLASS_PANIC, v.top_received_ms = 1000;
	assert_int_equal(at(&p, &v, 1000), ALERT_PANIC); /* at once, not at the next interval */
	assert_int_equal(at(&p, &v, 3999), ALERT_NONE);
	assert_int_equal(at(&p, &v, 4000), ALERT_PANIC); /* panic repeats every 3 s */
	v.overdue_priority = 2;                             /* overdue ranks 1 for a P2 */
	assert_int_equal(at(&p, &v, 4100), ALERT_NONE);    /* rank 1 already sounding */
	v.top_priority = 0;
	assert_int_equal(at(&p, &v, 4200), ALERT_OVERDUE);
	assert_int_equal(at(&p, &v, 6199), ALERT_NONE);
	assert_int_equal(at(&p, &v, 6200), ALERT_OVERDUE); /* every 2 s */
	v.overdue_priority = 0;
	v.links_down = true;
	assert_int_equal(at(&p, &v, 6300), ALERT_LINK);
	assert_int_equal(at(&p, &v, 16299), ALERT_NONE);
	assert_int_equal(at(&p, &v, 16300), ALERT_LINK);
	assert_int_equal(alert_sound_of(ALARM_CLASS_FIRE), ALERT_FIRE);
	assert_int_equal(alert_sound_of(ALARM_CLASS_OFFLINE), ALERT_OFFLINE);
	assert_int_equal(alert_sound_of(ALARM_CLASS_TAMPER), ALERT_FAULT);
}

static void silence_expires_and_is_broken(void **state)
{
	struct alert_policy p;
	struct alert_view v = {.top_priority = 2, .top_class = ALARM_CLASS_INTRUSION,
			       .top_received_ms = 0, .newest_priority = 2};
	struct alert_action a;

	alert_init(&p);
	p.silence_ms = 5000;
	assert_int_equal(at(&p, &v, 0), ALERT_INTRUSION);
	assert_true(alert_silence(&p, &v, 1000));
	assert_int_equal(alert_silence_left(&p, 1000), 5000);
	assert_int_equal(at(&p, &v, 5000), ALERT_NONE); /* would have repeated */
	/* A newer alarm of the same priority does not break the silence. */
	v.top_received_ms = 5500, v.newest_priority = 2;
	assert_int_equal(at(&p, &v, 5500), ALERT_NONE);
	alert_step(&p, &v, 6000, &a);
	assert_true(a.silence_expired);
	assert_int_equal(a.sound, ALERT_INTRUSION);
	assert_int_equal(alert_silence_left(&p, 6000), 0);

	/* A newer, more urgent alarm breaks it at once. */
	alert_silence(&p, &v, 7000);
	v.top_priority = 1, v.top_class = ALARM_CLASS_PANIC, v.top_received_ms = 8000;
	v.newest_priority = 1;
	alert_step(&p, &v, 8000, &a);
	assert_true(a.silence_broken);
	assert_int_equal(a.sound, ALERT_PANIC);
	/* An older urgent alarm does not: silence covers what was sounding. */
	alert_silence(&p, &v, 9000);
	assert_int_equal(at(&p, &v, 9500), ALERT_NONE);
	alert_unsilence(&p);
	assert_int_equal(at(&p, &v, 9600), ALERT_PANIC);
	/* Nothing to silence. */
	v = (struct alert_view){0};
	assert_false(alert_silence(&p, &v, 10000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(repeats_until_claimed),
		cmocka_unit_test(most_urgent_decides),
		cmocka_unit_test(silence_expires_and_is_broken),
	};
	return cmocka_run_group_tests_name("alert", tests, NULL, NULL);
}
