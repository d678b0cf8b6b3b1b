/* Tests of app/core/book.c: ordering, de-duplication, state changes, claims. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../app/core/book.h"
#include "../../app/core/strpool.h"

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

/* The book's copy with a new state (as the console applies an update). */
static enum book_result restate(struct book *b, const char *id, enum alarm_state st,
				const char *holder)
{
	struct alarm n = *book_find(b, id);
	n.state = st;
	n.claimed_by = holder;
	return book_add(b, &n);
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
	assert_int_equal(restate(b, "x", ALARM_ST_REVIEWING, "op1"), BOOK_UPDATED);
	assert_int_equal(restate(b, "x", ALARM_ST_REVIEWING, "op1"), BOOK_DUPLICATE);
	assert_int_equal(book_count_state(b, ALARM_ST_REVIEWING), 1);
	assert_int_equal(restate(b, "x", ALARM_ST_CLOSED, "op1"), BOOK_REMOVED);
	assert_int_equal(book_count(b), 0);
	assert_null(book_find(b, "x"));
	a.state = ALARM_ST_CLOSED;
	assert_int_equal(book_add(b, &a), BOOK_DUPLICATE); /* a closed alarm is never added */
	book_free(b);
}

static void priority_change_moves_the_alarm(void **state)
{
	struct book *b = book_new(10);
	struct alarm a = mk("a", 3, 100), n;

	book_add(b, &a);
	a = mk("b", 2, 200), book_add(b, &a);
	a = mk("c", 3, 50), book_add(b, &a);
	assert_string_equal(book_at(b, 0)->id, "b");
	n = *book_find(b, "a");
	n.priority = 1; /* a second alarm from the same site raised it */
	assert_int_equal(book_add(b, &n), BOOK_UPDATED);
	assert_string_equal(book_at(b, 0)->id, "a");
	assert_string_equal(book_at(b, 1)->id, "b");
	assert_string_equal(book_at(b, 2)->id, "c");
	assert_int_equal(book_count(b), 3);
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
		assert_int_equal(restate(b, id, ALARM_ST_CLOSED, ""), BOOK_REMOVED);
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

/* Every alarm's key beside it in display order, through inserts out of
 * time order, moves between priorities and removals. */
static void keys_follow_the_alarms(void **state)
{
	struct book *b = book_new(1000);
	char id[32], site[16];
	struct alarm a;

	for (int i = 0; i < 600; i++) {
		snprintf(id, sizeof id, "k%d", i);
		snprintf(site, sizeof site, "KH%04d", i % 7);
		a = mk(id, 1 + i % 4, (i * 7919) % 1000);
		a.cust_id = site;
		a.event_code = i % 2 ? "130" : "301";
		a.center = i % 3;
		book_add(b, &a);
	}
	for (int i = 0; i < 600; i += 3) {
		struct alarm n;
		snprintf(id, sizeof id, "k%d", i);
		n = *book_find(b, id);
		n.priority = 1 + (n.priority % 4); /* moves to another priority */
		assert_int_equal(book_add(b, &n), BOOK_UPDATED);
		snprintf(id, sizeof id, "k%d", i + 1);
		assert_int_equal(restate(b, id, ALARM_ST_CLOSED, ""), BOOK_REMOVED);
	}
	assert_int_equal(book_count(b), 400);
	for (size_t i = 0; i < book_count(b); i++) {
		struct book_key want;
		const struct book_key *got = book_key_at(b, i);
		book_key_make(book_at(b, i), &want);
		assert_non_null(got);
		assert_true(got->id == want.id && got->site == want.site && got->code == want.code);
		assert_int_equal(got->center, want.center);
		assert_int_equal(got->priority, book_at(b, i)->priority);
		assert_int_equal(got->cls, want.cls);
	}
	assert_null(book_key_at(b, book_count(b)));
	assert_true(book_hash("KH0001") != book_hash("KH0002"));
	book_free(b);
}

/* The pool against a plain count per string: every get gives the one
 * copy, every put lets one holder go, the last frees it (ASan watches), and
 * deletion keeps every other string reachable (the table grows past 1024). */
static void strpool_counts_holders(void **state)
{
	enum { N = 3000, OPS = 40000 };
	static int held[N];
	static const char *copy[N];
	struct strpool *p = strpool_new();
	unsigned seed = 7;
	char text[32];
	size_t distinct = 0;

	assert_non_null(p);
	assert_string_equal(strpool_get(p, ""), "");
	strpool_put(p, strpool_get(p, "")); /* "" is never counted */
	for (int op = 0; op < OPS; op++) {
		int i;
		seed = seed * 1103515245u + 12345u;
		i = (int)((seed >> 8) % N);
		snprintf(text, sizeof text, "KH%04d 翠湖花园 %d", i, i * 31);
		if (held[i] > 0 && (seed >> 4) % 3 == 0) {
			strpool_put(p, copy[i]);
			if (--held[i] == 0)
				distinct--;
		} else {
			const char *c = strpool_get(p, text);
			assert_non_null(c);
			assert_string_equal(c, text);
			if (held[i]++ == 0) {
				copy[i] = c;
				distinct++;
			} else {
				assert_ptr_equal(c, copy[i]); /* one copy */
			}
		}
		assert_int_equal(strpool_count(p), distinct);
	}
	for (int i = 0; i < N; i++) {
		if (held[i] == 0)
			continue;
		snprintf(text, sizeof text, "KH%04d 翠湖花园 %d", i, i * 31);
		assert_string_equal(copy[i], text);
		while (held[i]-- > 0)
			strpool_put(p, copy[i]);
	}
	assert_int_equal(strpool_count(p), 0);
	strpool_free(p);
}

/* Alarms of one site share its strings, contacts and cameras in the book;
 * one replaced or gone leaves the others' intact. */
static void site_strings_shared(void **state)
{
	struct book *b = book_new(10);
	struct alarm a = mk("s1", 3, 1), n;
	char addr[64], phone[16];
	struct alarm_contact k1[2] = {{"李四", phone, "户主"}, {"王五", "13900000000", ""}},
			     k2[2] = {{"李四", "13800000000", "户主"}, {"王五", "13900000000", ""}};
	struct alarm_camera c1 = {"正门", "rtsp://10.0.0.1/1"};
	struct alarm_rules r1 = {.limit_ms = {60000}, .recipients = {"公安110"}, .nrecipients = 1},
			   r2 = r1;
	char police[16] = "公安110"; /* the same words elsewhere: shared by content */

	snprintf(addr, sizeof addr, "临江大道%d号", 66);
	snprintf(phone, sizeof phone, "1380000000%d", 0);
	a.cust_id = "KH0001";
	a.addr_text = addr;
	a.contacts = k1;
	a.ncontacts = 2;
	a.cameras = &c1;
	a.ncameras = 1;
	a.rules = &r1;
	book_add(b, &a);
	a = mk("s2", 3, 2);
	a.cust_id = "KH0001";
	a.addr_text = "临江大道66号";
	a.contacts = k2;
	a.ncontacts = 2;
	a.cameras = &(struct alarm_camera){"正门", "rtsp://10.0.0.1/1"};
	a.ncameras = 1;
	r2.recipients[0] = police;
	a.rules = &r2;
	book_add(b, &a);
	memset(phone, 0, sizeof phone); /* the book holds copies */
	assert_ptr_equal(book_find(b, "s1")->addr_text, book_find(b, "s2")->addr_text);
	assert_ptr_equal(book_find(b, "s1")->cust_name, book_find(b, "s2")->cust_name);
	assert_ptr_equal(book_find(b, "s1")->contacts, book_find(b, "s2")->contacts);
	assert_ptr_equal(book_find(b, "s1")->cameras, book_find(b, "s2")->cameras);
	assert_ptr_not_equal(book_find(b, "s1")->contacts, k1);
	assert_ptr_equal(book_find(b, "s1")->rules, book_find(b, "s2")->rules);
	assert_ptr_not_equal(book_find(b, "s1")->rules, &r1);
	n = *book_find(b, "s1");
	n.state = ALARM_ST_CLAIMED;
	n.claimed_by = "op1";
	assert_int_equal(book_add(b, &n), BOOK_UPDATED);
	assert_int_equal(restate(b, "s1", ALARM_ST_CLOSED, ""), BOOK_REMOVED);
	assert_string_equal(book_find(b, "s2")->addr_text, "临江大道66号");
	assert_string_equal(book_find(b, "s2")->cust_name, "客户");
	assert_string_equal(book_find(b, "s2")->id, "s2");
	assert_int_equal(book_find(b, "s2")->ncontacts, 2);
	assert_string_equal(book_find(b, "s2")->contacts[0].phone, "13800000000");
	assert_string_equal(book_find(b, "s2")->contacts[1].name, "王五");
	assert_string_equal(book_find(b, "s2")->cameras[0].channel, "rtsp://10.0.0.1/1");
	assert_string_equal(book_find(b, "s2")->rules->recipients[0], "公安110");
	assert_int_equal(book_find(b, "s2")->rules->limit_ms[0], 60000);
	book_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(order_priority_then_age), cmocka_unit_test(duplicates_and_updates),
		cmocka_unit_test(priority_change_moves_the_alarm), cmocka_unit_test(cap_and_growth),
		cmocka_unit_test(clear_center), cmocka_unit_test(keys_follow_the_alarms),
		cmocka_unit_test(strpool_counts_holders), cmocka_unit_test(site_strings_shared),
	};
	return cmocka_run_group_tests_name("book", tests, NULL, NULL);
}
