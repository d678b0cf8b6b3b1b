/* The queue's search and filter: words, classes (wire names and labels),
 * new / mine / held, refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../../app/core/filter.h"

static struct alarm sample(const char *id, enum alarm_class cls, const char *by)
{
	static struct alarm_contact k = {"汤强", "15646227021", "户主"};
	struct alarm a;

	alarm_blank(&a);
	a.id = id;
	a.cls = cls;
	a.cust_id = "KH0001";
	a.cust_name = "李志强(翠湖花园4栋2303)";
	a.addr_text = "江城市临江区翠湖路88号";
	a.zone_name = "Front door";
	a.claimed_by = by;
	a.contacts = &k;
	a.ncontacts = 1;
	return a;
}

static void words_and_keywords(void **state)
{
	const struct filter_labels names = {{"紧急", "火警", "入侵"},
					    {[ALARM_ST_CLAIMED] = "已认领", [ALARM_ST_FORWARDED] = "已转发"}};
	const struct filter_labels *labels = &names;
	struct alarm a = sample("e1-7", ALARM_CLASS_FIRE, ""), b = sample("e1-8", ALARM_CLASS_INTRUSION, "op1");
	struct alarm_filter f;
	char err[200];

	assert_int_equal(filter_parse("", labels, &f, err, sizeof err), 0);
	assert_false(f.on);
	assert_true(filter_match(&f, &a, "op1", 0));
	assert_int_equal(filter_parse("  翠湖  kh0001 ", labels, &f, err, sizeof err), 0);
	assert_true(f.on);
	assert_true(filter_match(&f, &a, "op1", 0)); /* name, account in any case */
	assert_int_equal(filter_parse("646227", labels, &f, err, sizeof err), 0);
	assert_true(filter_match(&f, &a, "op1", 0)); /* a contact's phone */
	assert_int_equal(filter_parse("FRONT e1-7", labels, &f, err, sizeof err), 0);
	assert_true(filter_match(&f, &a, "op1", 0));
	assert_false(filter_match(&f, &b, "op1", 0)); /* both words must match */
	assert_int_equal(filter_parse("火警", labels, &f, err, sizeof err), 0);
	assert_true(filter_match(&f, &a, "op1", 0));
	assert_false(filter_match(&f, &b, "op1", 0));
	assert_int_equal(filter_parse("fire intrusion", labels, &f, err, sizeof err), 0);
	assert_true(filter_match(&f, &b, "op1", 0)); /* classes: either */
	assert_int_equal(filter_parse("mine", labels, &f, err, sizeof err), 0);
	assert_false(filter_match(&f, &a, "op1", 0));
	assert_true(filter_match(&f, &b, "op1", 0));
	assert_int_equal(filter_parse("未认领", labels, &f, err, sizeof err), 0);
	assert_true(filter_match(&f, &a, "op1", 0));
	assert_false(filter_match(&f, &b, "op1", 0));
	b.flow.hold_until = 5000;
	assert_int_equal(filter_parse("held", labels, &f, err, sizeof err), 0);
	assert_true(filter_match(&f, &b, "op1", 4000));
	assert_false(filter_match(&f, &b, "op1", 6000));
	assert_int_equal(filter_parse("no-such-text", labels, &f, err, sizeof err), 0);
	assert_false(filter_match(&f, &a, "op1", 0));
	/* States by wire name or label; several: either. */
	b.state = ALARM_ST_FORWARDED;
	assert_int_equal(filter_parse("已转发", labels, &f, err, sizeof err), 0);
	assert_true(filter_match(&f, &b, "op1", 0));
	assert_false(filter_match(&f, &a, "op1", 0));
	assert_int_equal(filter_parse("claimed forwarded", labels, &f, err, sizeof err), 0);
	assert_true(filter_match(&f, &b, "op1", 0));
	assert_int_equal(filter_parse("已认领 入侵", labels, &f, err, sizeof err), 0);
	assert_false(filter_match(&f, &b, "op1", 0)); /* a state and a class: both */
}

static void refusals(void **state)
{
	struct alarm_filter f;
	char err[200], longw[100];

	memset(longw, 'x', sizeof longw - 1);
	longw[sizeof longw - 1] = '\0';
	assert_int_equal(filter_parse(longw, NULL, &f, err, sizeof err), -1);
	assert_non_null(strstr(err, "longer than 63 bytes"));
	assert_int_equal(filter_parse("a b c d e f g", NULL, &f, err, sizeof err), -1);
	assert_non_null(strstr(err, "at most 6 words"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_and_keywords),
		cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
