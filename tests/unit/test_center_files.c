/* Tests of the center's file-backed parts with real files in a temp dir:
 * accounts, the SQLite store, the data set and scenario loaders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../../center/accounts.h"
#include "../../center/throttle.h"
#include "../../center/source.h"
#include "../../center/store.h"

static char dir[64];

static int setup(void **state)
{
	snprintf(dir, sizeof dir, "/tmp/ad-unit-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void accounts_round_trip(void **state)
{
	char path[128], err[256];
	struct accounts *a = accounts_new_empty();
	struct stat st;

	snprintf(path, sizeof path, "%s/accounts", dir);
	assert_int_not_equal(accounts_set(a, "op1", "12345678", "operator", err, sizeof err), 0);
	assert_int_not_equal(accounts_set(a, "op1", "Guard7desk", "root", err, sizeof err), 0);
	assert_int_not_equal(accounts_set(a, "op:1", "Guard7desk", "operator", err, sizeof err), 0);
	assert_int_equal(accounts_set(a, "op1", "Guard7desk", "operator", err, sizeof err), 0);
	assert_int_equal(accounts_set(a, "boss", "Night9shift", "supervisor,operator", err, sizeof err), 0);
	assert_int_equal(accounts_save(a, path, err, sizeof err), 0);
	accounts_free(a);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	a = accounts_load(path, 0, err, sizeof err);
	assert_non_null(a);
	assert_int_equal(accounts_count(a), 2);
	assert_int_equal(accounts_check(a, "op1", "Guard7desk", PROTO_ROLE_OPERATOR), PROTO_OK);
	assert_int_equal(accounts_check(a, "op1", "guard7desk", PROTO_ROLE_OPERATOR), PROTO_E_AUTH);
	assert_int_equal(accounts_check(a, "nobody", "Guard7desk", PROTO_ROLE_OPERATOR), PROTO_E_AUTH);
	assert_int_equal(accounts_check(a, "op1", "Guard7desk", PROTO_ROLE_SUPERVISOR), PROTO_E_ROLE);
	assert_int_equal(accounts_check(a, "boss", "Night9shift", PROTO_ROLE_SUPERVISOR), PROTO_OK);
	accounts_free(a);
}

static void accounts_bad_line_is_reported(void **state)
{
	char path[128], err[256];

	snprintf(path, sizeof path, "%s/bad-accounts", dir);
	write_file(path, "# comment\n\nop1:operator:md5$1$2$3\n");
	assert_int_equal(chmod(path, 0600), 0);
	assert_null(accounts_load(path, 0, err, sizeof err));
	assert_non_null(strstr(err, ":3: expected name:roles"));
	snprintf(path, sizeof path, "%s/missing", dir);
	assert_null(accounts_load(path, 0, err, sizeof err));
	assert_non_null(strstr(err, "cannot open"));
}

/* The text a cluster's bucket holds: formatted and parsed back the same;
 * a bad line named by its origin; a line with no end still read. */
static void accounts_text_round_trip(void **state)
{
	char err[256];
	struct accounts *a = accounts_new_empty(), *b;
	size_t len = 0, len2 = 0;
	char *text, *again;

	assert_int_equal(accounts_set(a, "op1", "Guard7desk", "operator", err, sizeof err), 0);
	assert_int_equal(accounts_set(a, "boss", "Night9shift", "supervisor", err, sizeof err), 0);
	text = accounts_format(a, &len);
	assert_non_null(text);
	assert_int_equal(len, strlen(text));
	b = accounts_parse(text, len - 1, "bucket", err, sizeof err); /* no last newline */
	assert_non_null(b);
	assert_int_equal(accounts_count(b), 2);
	assert_int_equal(accounts_check(b, "boss", "Night9shift", PROTO_ROLE_SUPERVISOR), PROTO_OK);
	again = accounts_format(b, &len2);
	assert_int_equal(len2, len);
	assert_memory_equal(again, text, len);
	assert_null(accounts_parse("# x\nop1:operator\n", 17, "bucket AD_ACCOUNTS revision 7", err,
				   sizeof err));
	assert_non_null(strstr(err, "bucket AD_ACCOUNTS revision 7:2: expected name:roles"));
	free(text);
	free(again);
	accounts_free(a);
	accounts_free(b);
}

/* Password hashes are private: a file group or others can open is refused. */
static void accounts_open_to_others_are_refused(void **state)
{
	char path[128], err[512];
	struct accounts *a = accounts_new_empty();

	snprintf(path, sizeof path, "%s/shared-accounts", dir);
	assert_int_equal(accounts_set(a, "op1", "Guard7desk", "operator", err, sizeof err), 0);
	assert_int_equal(accounts_save(a, path, err, sizeof err), 0);
	accounts_free(a);
	assert_int_equal(chmod(path, 0640), 0);
	assert_null(accounts_load(path, 0, err, sizeof err));
	assert_non_null(strstr(err, "mode 0640"));
	assert_non_null(strstr(err, "chmod 600"));
	assert_int_equal(chmod(path, 0600), 0);
	a = accounts_load(path, 0, err, sizeof err);
	assert_non_null(a);
	accounts_free(a);
}

/* An old hash of 1 000 rounds is accepted and remade at full strength. */
static void accounts_weak_hash_is_remade_on_login(void **state)
{
	char path[128], err[256], line[256], hex[65];
	unsigned char salt[16] = "0123456789abcdef", hash[32];
	struct accounts *a;
	struct accounts_login l;
	FILE *f;

	snprintf(path, sizeof path, "%s/old-accounts", dir);
	assert_int_equal(PKCS5_PBKDF2_HMAC("Guard7desk", 10, salt, 16, 1000, EVP_sha256(), 32,
					   hash), 1);
	for (int i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", hash[i]);
	snprintf(line, sizeof line,
		 "op1:operator:pbkdf2-sha256$1000$30313233343536373839616263646566$%s\n", hex);
	write_file(path, line);
	assert_int_equal(chmod(path, 0600), 0);
	a = accounts_load(path, 0, err, sizeof err);
	assert_non_null(a);
	accounts_login_prepare(a, "op1", &l);
	assert_true(l.known);
	assert_int_equal(l.iterations, 1000);
	accounts_login_run(&l, "Guard7desk", PROTO_ROLE_OPERATOR);
	assert_int_equal(l.rc, PROTO_OK);
	assert_true(l.rehash);
	assert_true(accounts_login_commit(a, &l));
	assert_int_equal(accounts_save(a, path, err, sizeof err), 0);
	accounts_free(a);
	a = accounts_load(path, 0, err, sizeof err);
	assert_non_null(a);
	accounts_login_prepare(a, "op1", &l);
	assert_int_equal(l.iterations, ACCOUNTS_ITERATIONS);
	assert_int_equal(accounts_check(a, "op1", "Guard7desk", PROTO_ROLE_OPERATOR), PROTO_OK);
	/* An unknown name is checked against a decoy of full strength. */
	accounts_login_prepare(a, "nobody", &l);
	assert_false(l.known);
	assert_int_equal(l.iterations, ACCOUNTS_ITERATIONS);
	accounts_free(a);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f)); /* the comment */
	assert_non_null(fgets(line, sizeof line, f));
	assert_non_null(strstr(line, "$600000$"));
	fclose(f);
}

/* Three failures are free, then each doubles the wait up to the cap; a
 * success clears the key; keys are independent. */
static void throttle_grows_and_clears(void **state)
{
	static struct throttle t;
	int64_t wait, now = 1000000;

	for (int i = 0; i < THROTTLE_FREE; i++) {
		throttle_fail(&t, "a:1.2.3.4", now, &wait);
		assert_int_equal(wait, 0);
	}
	assert_int_equal(throttle_wait(&t, "a:1.2.3.4", now), 0);
	assert_int_equal(throttle_fail(&t, "a:1.2.3.4", now, &wait), 4);
	assert_int_equal(wait, 1000);
	assert_int_equal(throttle_wait(&t, "a:1.2.3.4", now + 400), 600);
	assert_int_equal(throttle_wait(&t, "a:9.9.9.9", now), 0);
	throttle_fail(&t, "a:1.2.3.4", now, &wait);
	assert_int_equal(wait, 2000);
	for (int i = 0; i < 20; i++)
		throttle_fail(&t, "a:1.2.3.4", now, &wait);
	assert_int_equal(wait, THROTTLE_MAX_MS);
	assert_int_equal(throttle_wait(&t, "a:1.2.3.4", now + THROTTLE_MAX_MS), 0);
	throttle_ok(&t, "a:1.2.3.4");
	assert_int_equal(throttle_fail(&t, "a:1.2.3.4", now, &wait), 1);
	/* A full table forgets the least recently failed key. */
	for (int i = 0; i < THROTTLE_SLOTS; i++) {
		char key[32];
		snprintf(key, sizeof key, "u:n%d", i);
		for (int k = 0; k < THROTTLE_FREE + 1; k++)
			throttle_fail(&t, key, now + 1 + i, &wait);
	}
	assert_int_equal(throttle_wait(&t, "a:1.2.3.4", now + 2), 0);
	assert_int_not_equal(throttle_wait(&t, "u:n1023", now + 1030), 0);
	/* A key not seen for THROTTLE_FORGET_MS starts afresh. */
	assert_int_equal(throttle_fail(&t, "u:n1023", now + 1024 + THROTTLE_FORGET_MS, &wait), 1);
}

static void store_persists_epoch_stream_and_ops(void **state)
{
	char path[128], err[256], epoch[40], *f, *msg;
	struct store *st;
	int code;

	snprintf(path, sizeof path, "%s/center.db", dir);
	st = store_open(path, err, sizeof err);
	assert_non_null(st);
	snprintf(epoch, sizeof epoch, "%s", store_epoch(st));
	assert_int_equal(strlen(epoch), 16);
	assert_int_equal(store_begin(st), 0);
	for (uint64_t s = 1; s <= 10; s++)
		assert_int_equal(store_append(st, s, "{\"x\":1}", 5), 0);
	assert_int_not_equal(store_append(st, 12, "{}", 5), 0); /* seq must follow */
	assert_int_equal(store_alarm_put(st, "a1", "{\"alarm\":1}"), 0);
	assert_int_equal(store_op_put(st, "c1", "op-1", 3002, "already claimed by x"), 0);
	assert_int_equal(store_commit(st), 0);
	store_close(st);

	st = store_open(path, err, sizeof err);
	assert_non_null(st);
	assert_string_equal(store_epoch(st), epoch);
	assert_int_equal(store_head(st), 10);
	assert_int_equal(store_oldest(st), 1);
	f = store_frame(st, 7);
	assert_string_equal(f, "{\"x\":1}");
	free(f);
	assert_int_equal(store_op_get(st, "c1", "op-1", &code, &msg), 1);
	assert_int_equal(code, 3002);
	assert_string_equal(msg, "already claimed by x");
	free(msg);
	assert_int_equal(store_op_get(st, "c2", "op-1", &code, &msg), 0);
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_prune(st, 4), 0);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_oldest(st), 7);
	assert_null(store_frame(st, 6));
	store_close(st);
}

static void store_unwritable_path(void **state)
{
	char err[256];
	assert_null(store_open("/proc/nope/center.db", err, sizeof err));
	assert_non_null(strstr(err, "cannot open '/proc/nope/center.db'"));
}

static void data_set_and_scenario_errors(void **state)
{
	char sub[128], path[192], err[300];
	struct sites s;
	struct scenario *sc;

	assert_int_equal(sites_load(&s, "data/demo", err, sizeof err), 0);
	assert_true(s.n >= 40);
	assert_non_null(sites_find(&s, "KH0001"));
	assert_non_null(sites_plan_for(&s, ALARM_CLASS_PANIC, 1));
	assert_string_equal(sites_plan_for(&s, ALARM_CLASS_INTRUSION, 1)->id, "P-INTRUSION-1");
	assert_string_equal(sites_plan_for(&s, ALARM_CLASS_INTRUSION, 2)->id, "P-INTRUSION");

	sc = scenario_load("data/scenarios/demo.jsonl", &s, err, sizeof err);
	assert_non_null(sc);
	assert_true(scenario_steps(sc) >= 20);
	scenario_free(sc);

	snprintf(path, sizeof path, "%s/bad.jsonl", dir);
	write_file(path, "# c\n{\"t\":1,\"type\":\"alarm\",\"customer\":\"KH0001\",\"event\":\"130\",\"zone\":1}\n\n"
			 "{\"t\":2,\"type\":\"alarm\",\"customer\":\"KH0001\",\"event\":\"130\",\"zone\":77}\n");
	assert_null(scenario_load(path, &s, err, sizeof err));
	assert_non_null(strstr(err, "bad.jsonl:4: zone: not a zone of that customer"));
	write_file(path, "{\"t\":1,\"type\":\"alarm\",\"customer\":\"NOPE\",\"event\":\"130\",\"zone\":1}\n");
	assert_null(scenario_load(path, &s, err, sizeof err));
	assert_non_null(strstr(err, ":1: customer: not in the data set"));
	write_file(path, "{\"t\":1,\"type\":\"alarm\"\n");
	assert_null(scenario_load(path, &s, err, sizeof err));
	assert_non_null(strstr(err, ":1:"));
	assert_non_null(strstr(err, ": not valid JSON"));
	{
		/* A NUL byte: not a text file (it would cut what follows). */
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fwrite("{\"t\":1}\0\n", 1, 9, f);
		fclose(f);
		assert_null(scenario_load(path, &s, err, sizeof err));
		assert_non_null(strstr(err, "a NUL byte at offset 7: not a text file"));
	}
	sites_release(&s);

	snprintf(sub, sizeof sub, "%s/data", dir);
	mkdir(sub, 0700);
	snprintf(path, sizeof path, "%s/customers.json", sub);
	write_file(path, "{\"customers\":[{\"id\":\"K1\",\"name\":\"n\",\"address\":{\"text\":\"a\"},"
			 "\"zones\":[{\"no\":1,\"name\":5}]}]}");
	assert_int_not_equal(sites_load(&s, sub, err, sizeof err), 0);
	assert_non_null(strstr(err, "customers[0].zones[0].name: expected a string"));

	/* Two plans for the same class and priority: which applied would be
	 * an accident of order. */
	write_file(path, "{\"customers\":[{\"id\":\"K1\",\"name\":\"n\",\"address\":{\"text\":\"a\"},"
			 "\"zones\":[{\"no\":1,\"name\":\"z\"}]}]}");
	snprintf(path, sizeof path, "%s/plans.json", sub);
	write_file(path, "{\"v\":1,\"type\":\"plans\",\"plans\":["
			 "{\"id\":\"A\",\"name\":\"a\",\"class\":\"fire\",\"priority\":[1,2],\"steps\":[]},"
			 "{\"id\":\"B\",\"name\":\"b\",\"class\":\"fire\",\"steps\":[]},"
			 "{\"id\":\"C\",\"name\":\"c\",\"class\":\"fire\",\"priority\":[2],\"steps\":[]}]}");
	assert_int_not_equal(sites_load(&s, sub, err, sizeof err), 0);
	assert_non_null(strstr(err, "plans[2]: A and C are both the fire plan for one of these priorities"));
}

/* The plan is chosen by class and priority; its steps decide whether an
 * incident needs a field officer (fire: a mandatory dispatch step; medical:
 * none). */
static void plans_graded_and_steps_decide(void **state)
{
	struct sites s;
	struct alarm a;
	char err[300];

	(void)state;
	assert_int_equal(sites_load(&s, "data/demo", err, sizeof err), 0);
	site_make_alarm(&s, sites_find(&s, "KH0001"), 2, "130", ALARM_CHANNEL_IP, &a);
	assert_string_equal(a.plan_id, "P-INTRUSION");
	assert_true(a.rules->dispatch);
	assert_true(a.rules->nsteps >= 4);
	a.priority = 1; /* linked: a second zone of the site */
	sites_apply_plan(&s, sites_find(&s, "KH0001"), &a);
	assert_string_equal(a.plan_id, "P-INTRUSION-1");
	site_make_alarm(&s, sites_find(&s, "KH0001"), 4, "110", ALARM_CHANNEL_IP, &a);
	assert_true(a.rules->dispatch);
	site_make_alarm(&s, sites_find(&s, "KH0001"), 5, "100", ALARM_CHANNEL_IP, &a);
	assert_string_equal(a.plan_id, "P-MEDICAL");
	assert_false(a.rules->dispatch);
	{
		/* The rules are made once: two plain sites share their plan's, a
		 * key customer gets the video review, a site's overrides its own. */
		struct alarm b, k, o;
		site_make_alarm(&s, sites_find(&s, "KH0001"), 2, "130", ALARM_CHANNEL_IP, &a);
		site_make_alarm(&s, sites_find(&s, "KH0003"), 1, "130", ALARM_CHANNEL_IP, &b);
		site_make_alarm(&s, sites_find(&s, "KH0002"), 1, "130", ALARM_CHANNEL_IP, &k);
		site_make_alarm(&s, sites_find(&s, "KH0033"), 1, "120", ALARM_CHANNEL_IP, &o);
		assert_ptr_equal(a.rules, b.rules);
		assert_ptr_not_equal(a.rules, k.rules);
		assert_int_equal(k.rules->method, FLOW_METHOD_VIDEO);
		assert_true(o.rules->police_direct);
		assert_true(o.rules->notify_insurer);
		assert_int_equal(o.rules->nrecipients, 2);
		assert_string_equal(o.rules->recipients[1], "江城保安服务公司");
		assert_int_equal(o.rules->limit_ms[FLOW_CLK_ARRIVE], 600000);
		assert_int_equal(o.rules->method, FLOW_METHOD_VIDEO);
		o.priority = 1; /* the site's overrides stay on the plan of another grade */
		sites_apply_plan(&s, sites_find(&s, "KH0033"), &o);
		assert_true(o.rules->police_direct);
	}
	sites_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accounts_round_trip),
		cmocka_unit_test(accounts_bad_line_is_reported),
		cmocka_unit_test(accounts_text_round_trip),
		cmocka_unit_test(accounts_open_to_others_are_refused),
		cmocka_unit_test(accounts_weak_hash_is_remade_on_login),
		cmocka_unit_test(throttle_grows_and_clears),
		cmocka_unit_test(store_persists_epoch_stream_and_ops),
		cmocka_unit_test(store_unwritable_path),
		cmocka_unit_test(data_set_and_scenario_errors),
		cmocka_unit_test(plans_graded_and_steps_decide),
	};
	return cmocka_run_group_tests_name("center-files", tests, setup, teardown);
}
