/* Tests of the small core modules: passwords, backoff, stream, CID, classes. */
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

static void pack_owns_its_strings(void **state)
{
	struct alarm a, *p;
	char name[16] = "张三";

	alarm_blank(&a);
	a.id = "id1";
	a.cust_name = name;
	a.ncontacts = 1;
	a.contacts[0] = (struct alarm_contact){"李四", "13800000000", "户主"};
	p = alarm_pack(&a, "op9");
	strcpy(name, "changed");
	assert_string_equal(p->cust_name, "张三");
	assert_string_equal(p->claimed_by, "op9");
	assert_string_equal(p->contacts[0].role, "户主");
	assert_string_equal(p->addr_text, "");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(weak_passwords),       cmocka_unit_test(backoff_grows_caps_and_jitters),
		cmocka_unit_test(stream_dedup_and_gaps), cmocka_unit_test(cid_words_and_classes),
		cmocka_unit_test(pack_owns_its_strings),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
