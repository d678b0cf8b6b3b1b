/* Tests of the one table of operator commands (app/commands.c): it is
 * indexed by its ids, each protocol action an operator takes has exactly one
 * batch verb, and no two commands share a key under the default keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../../app/commands.h"

static void indexed_by_id(void **state)
{
	for (int i = 0; i < CMD_COUNT; i++)
		assert_int_equal(commands[i].id, i);
}

static void one_verb_per_action(void **state)
{
	for (int a = 0; a < PROTO_ACT_COUNT; a++) {
		const char *name = proto_action_name((enum proto_action)a);
		const struct command *c = command_by_verb(name);
		int n = 0;
		for (int i = 0; i < CMD_COUNT; i++)
			n += commands[i].verb && strcmp(commands[i].verb, name) == 0;
		if (a == PROTO_ACT_ANCHOR) { /* the journal's, never an operator's */
			assert_null(c);
			continue;
		}
		assert_non_null(c);
		assert_int_equal(c->action, a);
		assert_int_equal(n, 1);
		/* Every op changes an alarm and is refused while read-only, but
		 * the supervisor's permit, which a read-only session sends. */
		assert_true(c->changes == (a != PROTO_ACT_PERMIT && a != PROTO_ACT_AUTOLOG));
	}
	assert_null(command_by_verb("anchor"));
	assert_null(command_by_verb("nope"));
}

static void keys_distinct_and_found(void **state)
{
	struct config cfg;

	config_defaults(&cfg);
	for (int i = 0; i < CMD_COUNT; i++) {
		int k = command_key(&commands[i], &cfg.keys);
		if (k == 0)
			continue;
		assert_ptr_equal(command_by_key(k, &cfg.keys), &commands[i]);
	}
	assert_int_equal(command_by_key('v', &cfg.keys)->id, CMD_REVIEW_VIDEO);
	assert_string_equal(command_by_key('n', &cfg.keys)->text, "false");
	assert_int_equal(command_by_key(cfg.keys.claim, &cfg.keys)->id, CMD_CLAIM);
	cfg.keys.claim = 'x'; /* a site's own key */
	assert_int_equal(command_by_key('x', &cfg.keys)->id, CMD_CLAIM);
}

static void roles(void **state)
{
	assert_true(command_allowed(&commands[CMD_CLAIM], PROTO_ROLE_OPERATOR));
	assert_false(command_allowed(&commands[CMD_CLAIM], PROTO_ROLE_SUPERVISOR));
	assert_true(command_allowed(&commands[CMD_NOTICE_PAGE], PROTO_ROLE_SUPERVISOR));
	assert_false(command_allowed(&commands[CMD_NOTICE_PAGE], PROTO_ROLE_OPERATOR));
	assert_true(command_allowed(&commands[CMD_HELP], PROTO_ROLE_SUPERVISOR));
	for (int i = 0; i < CMD_COUNT; i++) /* what changes an alarm is an operator's */
		if (commands[i].changes)
			assert_false(command_allowed(&commands[i], PROTO_ROLE_SUPERVISOR));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(indexed_by_id),
		cmocka_unit_test(one_verb_per_action),
		cmocka_unit_test(keys_distinct_and_found),
		cmocka_unit_test(roles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
