/* Tests of the small core modules: passwords, backoff, stream, CID, classes,
 * the supervisor's figures and the drill score. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/alarm.h"
#include "../../app/core/backoff.h"
#include "../../app/core/cid.h"
#include "../../app/core/drill.h"
#include "../../app/core/figures.h"
#include "../../app/core/pwpolicy.h"
#include "../../app/core/stream.h"

static void weak_passwords(void **state)
{
	char err[128];
	static const struct {
		const char *user, *pw, *why;
	} bad[] = {
		{"op1", "short1a", "too short"},
		{"op1", "abcdefgh", "letters and digits"},
		{"op1", "12345678", "letters and digits"},
		{"op1", "Admin123", "factory default"},
		{"zhang", "zhang2024x", "user name"},
		{"op1", "pass1234word", "digit run"},
		{"op1", "pass8765word", "digit run"},
		{"op1", "abc111xyz", "repeats a digit"},
		{"op1", "li19880214x", "date"},
		{"op1", "x13912345670", "digit run"},
		{"op1", "x13902468135", "phone"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		assert_int_not_equal(pwpolicy_check(bad[i].user, bad[i].pw, err, sizeof err), 0);
		if (strstr(err, bad[i].why) == NULL)
			fail_msg("'%s': expected '%s' in '%s'", bad[i].pw, bad[i].why, err);
	}
	assert_int_equal(pwpolicy_check("op1", "Duty#Desk42x", err, sizeof err), 0);
	assert_int_equal(pwpolicy_check("op1", "guard7shift9", err, sizeof err), 0);
}

static void backoff_grows_caps_and_jitters(void **state)
{
	assert_int_equal(backoff_delay_ms(0, 500, 15000, 0, 0), 500);
	assert_int_equal(backoff_delay_ms(1, 500, 15000, 0, 0), 1000);
	assert_int_equal(backoff_delay_ms(3, 500, 15000, 0, 0), 4000);
	assert_int_equal(backoff_delay_ms(40, 500, 15000, 0, 0), 15000);
	for (uint32_t r = 0; r < 1000; r += 7) {
		uint32_t d = backoff_delay_ms(2, 500, 15000, 20, r * 2654435761u);
		assert_in_range(d, 1600, 2400);
	}
	assert_int_equal(backoff_delay_ms(0, 10, 100, 0, 0), 50); /* floor */
}

static void stream_dedup_and_gaps(void **state)
{
	struct stream s = {0};

	assert_true(stream_welcome(&s, "e1"));
	assert_int_equal(stream_accept(&s, 1), STREAM_NEW);
	assert_int_equal(stream_accept(&s, 2), STREAM_NEW);
	assert_int_equal(stream_accept(&s, 2), STREAM_DUP);
	assert_int_equal(stream_accept(&s, 1), STREAM_DUP);
	assert_int_equal(stream_accept(&s, 4), STREAM_GAP);
	assert_int_equal(s.last, 2);
	assert_false(stream_welcome(&s, "e1")); /* same epoch: keep position */
	assert_int_equal(s.last, 2);
	assert_true(stream_welcome(&s, "e2")); /* new epoch: start over */
	assert_int_equal(s.last, 0);
	stream_snapshot(&s, 40);
	assert_int_equal(stream_accept(&s, 40), STREAM_DUP);
	assert_int_equal(stream_accept(&s, 41), STREAM_NEW);
}

static void cid_words_and_classes(void **state)
{
	const struct cid_code *c = cid_lookup("130");

	assert_non_null(c);
	assert_string_equal(c->en, "Burglary");
	assert_string_equal(c->zh, "盗警");
	assert_string_equal(cid_lookup("120")->zh, "紧急报警");
	assert_null(cid_lookup("099"));
	assert_int_equal(alarm_class_of_cid("120"), ALARM_CLASS_PANIC);
	assert_int_equal(alarm_class_of_cid("111"), ALARM_CLASS_FIRE);
	assert_int_equal(alarm_class_of_cid("131"), ALARM_CLASS_INTRUSION);
	assert_int_equal(alarm_class_of_cid("137"), ALARM_CLASS_TAMPER);
	assert_int_equal(alarm_class_of_cid("101"), ALARM_CLASS_MEDICAL);
	assert_int_equal(alarm_class_of_cid("301"), ALARM_CLASS_FAULT);
	assert_int_equal(alarm_class_of_cid("350"), ALARM_CLASS_OFFLINE);
	assert_int_equal(alarm_class_of_cid("12"), ALARM_CLASS_OTHER);
	assert_int_equal(alarm_class_of_cid("1200"), ALARM_CLASS_OTHER);
	assert_int_equal(alarm_default_priority(ALARM_CLASS_PANIC), 1);
	assert_int_equal(alarm_default_priority(ALARM_CLASS_FAULT), 4);
}

/* Linked-alarm escalation stays within each class's ceiling: faults never
 * pass a real alarm, however many are linked. Rows: class, priority now,
 * target asked for -> priority given. */
static void escalation_has_a_ceiling(void **state)
{
	static const struct {
		enum alarm_class cls;
		int now, target, want;
	} rows[] = {
		{ALARM_CLASS_FAULT, 4, 3, 3},     {ALARM_CLASS_FAULT, 3, 2, 3},
		{ALARM_CLASS_FAULT, 3, 1, 3},     {ALARM_CLASS_OFFLINE, 3, 1, 3},
		{ALARM_CLASS_OTHER, 4, 1, 3},     {ALARM_CLASS_TAMPER, 3, 1, 2},
		{ALARM_CLASS_INTRUSION, 2, 1, 1}, {ALARM_CLASS_MEDICAL, 2, 1, 1},
		{ALARM_CLASS_PANIC, 1, 1, 1},     {ALARM_CLASS_INTRUSION, 1, 3, 1},
		{ALARM_CLASS_FAULT, 2, 3, 2}, /* never made less urgent */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct alarm a = {.cls = rows[i].cls, .priority = rows[i].now};
		assert_int_equal(alarm_escalated_priority(&a, rows[i].target), rows[i].want);
	}
	/* Five linked AC-loss faults: each step asks one level up, it stays P3. */
	struct alarm f = {.cls = ALARM_CLASS_FAULT, .priority = 4};
	for (int k = 0; k < 5; k++)
		f.priority = alarm_escalated_priority(&f, f.priority - 1 < 1 ? 1 : f.priority - 1);
	assert_int_equal(f.priority, 3);
}

static void pack_owns_its_strings(void **state)
{
	struct alarm a, *p;
	char name[16] = "张三";

	alarm_blank(&a);
	a.id = "id1";
	a.cust_name = name;
	a.ncontacts = 1;
	a.contacts = &(struct alarm_contact){"李四", name, "户主"};
	p = alarm_pack(&a, "op9");
	strcpy(name, "changed");
	assert_ptr_not_equal(p->contacts, a.contacts); /* in the block, as the strings */
	assert_string_equal(p->contacts[0].phone, "张三");
	assert_string_equal(p->cust_name, "张三");
	assert_string_equal(p->claimed_by, "op9");
	assert_string_equal(p->contacts[0].role, "户主");
	assert_string_equal(p->addr_text, "");
	free(p);
}

/* An alarm received at t s whose review clock ran `took` s of 60. */
static struct alarm timed(int64_t t, int took, enum flow_verdict v, enum alarm_state st)
{
	struct alarm a;

	alarm_blank(&a);
	a.received_ms = t * 1000;
	a.cls = ALARM_CLASS_INTRUSION;
	a.channel = ALARM_CHANNEL_PSTN;
	a.state = st;
	a.flow.verdict = v;
	a.flow.clk[FLOW_CLK_REVIEW] = (struct flow_timer){a.received_ms, a.received_ms + took * 1000,
							 60000, false};
	return a;
}

static void figures_count(void **state)
{
	struct fig_acc *acc = fig_begin(0, 4800 * 1000, 5000 * 1000);
	struct figures f;
	struct alarm a;

	/* Ten reviews of 10..100 s: p50 = 50 s, p90 = 90 s; four over 60 s. */
	for (int i = 1; i <= 10; i++) {
		a = timed(i * 100, i * 10, i == 3 ? FLOW_VERDICT_FALSE : FLOW_VERDICT_NONE,
			  ALARM_ST_REVIEWING);
		assert_int_equal(fig_add(acc, &a, false), 0);
	}
	/* A verified incident closed without a forward: a missed forward. */
	a = timed(4700, 5, FLOW_VERDICT_REAL, ALARM_ST_CLOSED);
	fig_add(acc, &a, false);
	/* A forwarded incident closed as false after all: a false forward. */
	a = timed(4700, 5, FLOW_VERDICT_REAL, ALARM_ST_CLOSED);
	a.flow.forwarded = true;
	fig_add(acc, &a, true);
	/* Outside the period: not counted. */
	a = timed(4800, 5, FLOW_VERDICT_FALSE, ALARM_ST_CLOSED);
	fig_add(acc, &a, false);
	fig_end(acc, &f);
	assert_int_equal(f.alarms, 12);
	assert_int_equal(f.by_class[ALARM_CLASS_INTRUSION], 12);
	assert_int_equal(f.by_channel[ALARM_CHANNEL_PSTN], 12);
	assert_int_equal(f.step[FLOW_CLK_REVIEW].n, 12);
	assert_int_equal(f.step[FLOW_CLK_REVIEW].missed, 4);
	assert_int_equal(f.step[FLOW_CLK_REVIEW].p50_ms, 40000); /* 6th of 5 5 10 20 30 40 … */
	assert_int_equal(f.step[FLOW_CLK_REVIEW].p90_ms, 90000);
	assert_int_equal(f.reviewed, 3);
	assert_int_equal(f.false_alarms, 1);
	assert_int_equal(f.incidents, 2);
	assert_int_equal(f.forwarded, 1);
	assert_int_equal(f.missed_forwards, 1);
	assert_int_equal(f.false_forwards, 1);
	assert_int_equal(f.rate[0], 0);
	assert_int_equal(f.rate[1], 1); /* t = 100 s: bucket 100 * 48 / 4800 = 1 */
	assert_int_equal(f.rate[47], 2);
	assert_int_equal(fig_permille(1, 3), 333);
	assert_null(fig_begin(10, 10, 0));
}

static void drill_scoring(void **state)
{
	struct drill_expect real = {.real = true, .method = FLOW_METHOD_VIDEO, .forward = true,
				    .dispatch = true};
	struct drill_seen s = {0};
	struct drill_result r;
	struct alarm a = timed(0, 20, FLOW_VERDICT_REAL, ALARM_ST_FORWARDED);

	drill_score(&real, &s, 1000, &r);
	assert_int_equal(r.points, 0);
	assert_string_equal(r.findings[0], "-100 not handled");
	a.claimed_by = "op1";
	a.flow.method = FLOW_METHOD_VIDEO;
	a.flow.forwarded = true;
	drill_see(&s, &a);
	drill_score(&real, &s, 100000, &r);
	assert_int_equal(r.points, 70); /* no dispatch 20, left open 10 */
	assert_int_equal(r.nfindings, 2);
	/* Judged false, by phone, review over its limit, never forwarded. */
	a = timed(0, 75, FLOW_VERDICT_FALSE, ALARM_ST_CLOSED);
	a.claimed_by = "op1";
	a.flow.method = FLOW_METHOD_PHONE;
	drill_see(&s, &a);
	drill_score(&real, &s, 100000, &r);
	assert_int_equal(r.points, 0); /* 100 - 40 - 10 - 30 - 20 - 15, floored at 0 */
	assert_string_equal(r.findings[0], "-40 a real alarm judged false");
	/* A false alarm recognised and closed in time: full marks. */
	a = timed(0, 10, FLOW_VERDICT_FALSE, ALARM_ST_CLOSED);
	a.claimed_by = "op1";
	drill_see(&s, &a);
	drill_score(&(struct drill_expect){.real = false}, &s, 100000, &r);
	assert_int_equal(r.points, 100);
	assert_int_equal(r.nfindings, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(weak_passwords),       cmocka_unit_test(backoff_grows_caps_and_jitters),
		cmocka_unit_test(stream_dedup_and_gaps), cmocka_unit_test(cid_words_and_classes),
		cmocka_unit_test(pack_owns_its_strings), cmocka_unit_test(figures_count),
		cmocka_unit_test(drill_scoring),        cmocka_unit_test(escalation_has_a_ceiling),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
