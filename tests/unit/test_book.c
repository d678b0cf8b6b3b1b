/* Tests of app/core/book.c: ordering, de-duplication, state changes, claims. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../app/core/ad.h"
#include "../../app/core/book.h"

static struct alarm mk(const char *id, int prio, int64_t received)
{
	struct alarm a;
	alarm_blank(&a);
	a.id = id;
	a.priority = prio;
	a.received_ms = received;
	a.cust_name = "客户";
	return a;
}

static void order_priority_then_age(void **state)
{
	struct book *b = book_new(100);
	struct alarm a;

	a = mk("a", 3, 100), book_add(b, &a);
	a = mk("b", 1, 300), book_add(b, &a);
	a = mk("c", 1, 200), book_add(b, &a); /* older P1 arrives late: goes first */
	a = mk("d", 2, 50), book_add(b, &a);
	a = mk("e", 1, 200), book_add(b, &a); /* same age: after c */
	assert_string_equal(book_at(b, 0)->id, "c");
	assert_string_equal(book_at(b, 1)->id, "e");
	assert_string_equal(book_at(b, 2)->id, "b");
	assert_string_equal(book_at(b, 3)->id, "d");
	assert_string_equal(book_at(b, 4)->id, "a");
	assert_null(book_at(b, 5));
	assert_int_equal(book_index_of(b, "d"), 3);
	assert_int_equal(book_index_of(b, "zz"), -1);
	book_free(b);
}

static void duplicates_and_updates(void **state)
{
	struct book *b = book_new(100);
	struct alarm a = mk("x", 2, 10);

	assert_int_equal(book_add(b, &a), BOOK_ADDED);
	assert_int_equal(book_add(b, &a), BOOK_DUPLICATE);
	assert_int_equal(book_count(b), 1);
	a.state = ALARM_ST_CLAIMED;
	a.claimed_by = "op1";
	assert_int_equal(book_add(b, &a), BOOK_UPDATED);
	assert_string_equal(book_find(b, "x")->claimed_by, "op1");
	assert_int_equal(book_count_state(b, ALARM_ST_CLAIMED), 1);
	assert_int_equal(book_count_state(b, ALARM_ST_NEW), 0);
	assert_int_equal(book_set_state(b, "x", ALARM_ST_CLOSED, "op1", 20), BOOK_REMOVED);
	assert_int_equal(book_count(b), 0);
	assert_int_equal(book_set_state(b, "x", ALARM_ST_NEW, "", 30), BOOK_UNKNOWN);
	book_free(b);
}

static void claim_arbitration(void **state)
{
	struct book *b = book_new(10);
	struct alarm a = mk("x", 1, 10);
	const char *holder = NULL;

	book_add(b, &a);
	assert_int_equal(book_claim(b, "x", "op1", 11, &holder), 0);
	assert_int_equal(book_claim(b, "x", "op1", 12, &holder), 0); /* repeat: fine */
	assert_int_equal(book_claim(b, "x", "op2", 13, &holder), AD_ESTATE);
	assert_string_equal(holder, "op1");
	assert_int_equal(book_release(b, "x", "op2", 14), AD_ESTATE);
	assert_int_equal(book_close(b, "x", "op2", 14), AD_ESTATE);
	assert_int_equal(book_release(b, "x", "op1", 15), 0);
	assert_int_equal(book_claim(b, "x", "op2", 16, &holder), 0);
	assert_int_equal(book_close(b, "x", "op2", 17), 0);
	assert_null(book_find(b, "x"));
	assert_int_equal(book_claim(b, "x", "op1", 18, &holder), AD_ENOENT);
	book_free(b);
}

static void cap_and_growth(void **state)
{
	struct book *b = book_new(5000);
	char id[32];
	struct alarm a;

	for (int i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "id%d", i);
		a = mk(id, 1 + i % 4, 5000 - i); /* reverse time order: worst case */
		assert_int_equal(book_add(b, &a), BOOK_ADDED);
	}
	a = mk("one-more", 1, 1);
	assert_int_equal(book_add(b, &a), BOOK_FULL);
	assert_int_equal(book_count(b), 5000);
	for (size_t i = 1; i < book_count(b); i++) {
		const struct alarm *p = book_at(b, i - 1), *q = book_at(b, i);
		assert_true(p->priority < q->priority ||
			    (p->priority == q->priority && p->received_ms <= q->received_ms));
	}
	for (int i = 0; i < 5000; i += 2) {
		snprintf(id, sizeof id, "id%d", i);
		assert_int_equal(book_set_state(b, id, ALARM_ST_CLOSED, "", 0), BOOK_REMOVED);
	}
	assert_int_equal(book_count(b), 2500);
	assert_non_null(book_find(b, "id1"));
	assert_null(book_find(b, "id2"));
	book_free(b);
}

static void clear_center(void **state)
{
	struct book *b = book_new(10);
	struct alarm a = mk("a", 1, 1);

	a.center = 0, book_add(b, &a);
	a = mk("b", 1, 2), a.center = 1, book_add(b, &a);
	book_clear_center(b, 0);
	assert_null(book_find(b, "a"));
	assert_non_null(book_find(b, "b"));
	assert_int_equal(book_count(b), 1);
	book_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(order_priority_then_age), cmocka_unit_test(duplicates_and_updates),
		cmocka_unit_test(claim_arbitration),       cmocka_unit_test(cap_and_growth),
		cmocka_unit_test(clear_center),
	};
	return cmocka_run_group_tests_name("book", tests, NULL, NULL);
}
