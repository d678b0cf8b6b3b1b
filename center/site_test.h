/* site_test.h — sites on test (试机): while installers work on a site, or a
 * user tests it, what its panels and sources send is logged and shown as
 * test signals, not alarms, until the test's end. An operator puts a site on
 * test (op `test`), or the data set does (panels.json `on_test_until`); the
 * center warns before the end (state `ending`) and ends it by itself. The
 * state is standing state of the stream: consoles that join later see it,
 * a restarted center keeps it. docs/receivers.md. */
#ifndef CENTER_SITE_TEST_H
#define CENTER_SITE_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../net/proto.h"

#define SITE_TEST_MAX_S (7 * 86400) /* the longest test an op may ask for */
#define SITE_TEST_WARN_MS 600000    /* warned this long before the end (at most half) */

struct center;

struct site_test {
	enum proto_test_state state;
	int64_t since_ms, until_ms;
	char by[64], reason[200];
	uint32_t signals; /* test signals taken since it began */
};

/* The state of every site (c->tests: center_emit_alarm turns the alarms of
 * a site on test into test signals), restored from the store's standing
 * state, then the data set's tests applied. After center_init; 0 or
 * AD_ENOMEM / AD_EIO. */
int site_tests_open(struct center *c);
/* The data set's tests (panels.json on_test_until) not in force yet are
 * put in force (at start and after a reload). 0 or AD_ENOMEM. */
int site_tests_from_data(struct center *c);

/* The op `test` by operator who: code seconds (1..SITE_TEST_MAX_S), 0 ends
 * it. Inside the op's batch. Returns a PROTO code; *msg says what was done. */
int site_test_op(struct center *c, const struct proto_op *op, const char *who, const char **msg,
		 char **msg_owned);

/* Warns of tests about to end and ends those due; site_tests_tick (ctx:
 * the center) does it now, every second (center/every.h). */
void site_tests_check(struct center *c, int64_t now_ms);
void site_tests_tick(void *c);

#endif
