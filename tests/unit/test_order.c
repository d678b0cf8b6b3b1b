/* Tests of app/core/order.c: every state × every step (table-driven), the
 * words a step needs, escalation on a repeated fault, the repair clock, and
 * the order message both ways (net/proto_order.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/figures.h"
#include "../../app/core/order.h"
#include "../../net/proto.h"

#define T0 1763690000000LL
#define H 3600000LL

static struct work_order fault_order(enum order_urgency u)
{
	struct alarm a;
	struct work_order o;
	struct order_limits l;

	alarm_blank(&a);
	a.id = "e1-9";
	a.cls = ALARM_CLASS_FAULT;
	a.cust_id = "KH0001";
	a.cust_name = "李志强";
	a.event_code = "380";
	a.zone_no = 3;
	a.zone_name = "主卧";
	a.zone_detector = "被动红外探测器";
	order_default_limits(&l);
	order_open(&o, "WO-1", &a, u, "380 探测器故障", "op1", T0, &l);
	return o;
}

/* A order brought to state st by the ordinary path. */
static struct work_order at_state(enum order_state st)
{
	static const enum order_step path[] = {ORDER_ASSIGN, ORDER_START, ORDER_REPAIRED_STEP,
					       ORDER_VERIFY, ORDER_CLOSE};
	struct work_order o = fault_order(ORDER_NORMAL);
	char why[160];

	for (int i = 0; i < (int)st; i++)
		assert_int_equal(order_apply(&o, path[i], "op1", "张工", T0 + (i + 1) * H, why,
					     sizeof why),
				 0);
	assert_int_equal(o.state, st);
	return o;
}

#define X (-1)
/* expected[state][step]: the state after it, or X (refused). */
static const int expected[ORDER_STATE_COUNT][ORDER_STEP_COUNT] = {
	/*                 ASSIGN          START            REPAIRED        VERIFY          REJECT           CLOSE */
	[ORDER_OPEN] =      {ORDER_ASSIGNED, X,               X,              X,              X,               X},
	[ORDER_ASSIGNED] =  {ORDER_ASSIGNED, ORDER_REPAIRING, X,              X,              X,               X},
	[ORDER_REPAIRING] = {X,              X,               ORDER_REPAIRED, X,              X,               X},
	[ORDER_REPAIRED] =  {X,              X,               X,              ORDER_VERIFIED, ORDER_REPAIRING, X},
	[ORDER_VERIFIED] =  {X,              X,               X,              X,              X,               ORDER_CLOSED},
	[ORDER_CLOSED] =    {X,              X,               X,              X,              X,               X},
};

static void every_state_and_step(void **state)
{
	char why[160];

	for (int st = 0; st < ORDER_STATE_COUNT; st++)
		for (int sp = 0; sp < ORDER_STEP_COUNT; sp++) {
			struct work_order o = at_state((enum order_state)st), before = o;
			int rc = order_apply(&o, (enum order_step)sp, "op2", "words", T0 + 9 * H, why,
					     sizeof why);
			if (expected[st][sp] == X) {
				if (rc == 0)
					fail_msg("%s + %s: allowed", order_state_names[st], order_step_names[sp]);
				assert_memory_equal(&o, &before, sizeof o);
				assert_true(why[0] != '\0');
			} else {
				if (rc != 0)
					fail_msg("%s + %s: refused: %s", order_state_names[st],
						 order_step_names[sp], why);
				assert_int_equal(o.state, expected[st][sp]);
				assert_string_equal(o.history[o.nhistory - 1].action, order_step_names[sp]);
				assert_string_equal(o.history[o.nhistory - 1].by, "op2");
			}
		}
}

static void steps_say_what_is_missing(void **state)
{
	struct work_order o = fault_order(ORDER_NORMAL);
	char why[160];

	assert_int_equal(order_apply(&o, ORDER_ASSIGN, "op1", "", T0, why, sizeof why), -1);
	assert_string_equal(why, "say who repairs it");
	assert_int_equal(order_apply(&o, ORDER_START, "op1", "", T0, why, sizeof why), -1);
	assert_string_equal(why, "assign the order before the repair starts");
	o = at_state(ORDER_REPAIRING);
	assert_int_equal(order_apply(&o, ORDER_REPAIRED_STEP, "op1", "", T0, why, sizeof why), -1);
	assert_string_equal(why, "say what was repaired");
	o = at_state(ORDER_REPAIRED);
	assert_int_equal(order_apply(&o, ORDER_REJECT, "op1", "", T0, why, sizeof why), -1);
	assert_string_equal(why, "say why the repair does not hold");
	assert_int_equal(order_apply(&o, ORDER_REJECT, "op1", "仍然报故障", T0, why, sizeof why), 0);
	assert_int_equal(o.repaired_ms, 0); /* the clock runs again */
	o = at_state(ORDER_CLOSED);
	assert_int_equal(order_apply(&o, ORDER_ASSIGN, "op1", "x", T0, why, sizeof why), -1);
	assert_string_equal(why, "the work order is closed");
}

/* A repeated fault: one level more urgent each time (never beyond extra
 * urgent), due no later than the new limit from now; the repair clock. */
static void refault_and_repair_clock(void **state)
{
	struct order_limits l;
	struct work_order o = fault_order(ORDER_NORMAL);
	char why[160];
	struct alarm a;

	order_default_limits(&l);
	assert_int_equal(o.due_ms, T0 + 24 * H);
	assert_int_equal(order_met(&o, T0 + 23 * H), -1);
	assert_int_equal(order_met(&o, T0 + 25 * H), 0);
	order_refault(&o, "e1-10", T0 + 2 * H, &l);
	assert_int_equal(o.urgency, ORDER_URGENT);
	assert_int_equal(o.faults, 2);
	assert_int_equal(o.due_ms, T0 + 14 * H);
	order_refault(&o, "e1-11", T0 + 3 * H, &l);
	order_refault(&o, "e1-12", T0 + 20 * H, &l);
	assert_int_equal(o.urgency, ORDER_EXTRA_URGENT);
	assert_int_equal(o.due_ms, T0 + 7 * H); /* never later than it was */
	assert_string_equal(o.history[o.nhistory - 1].action, "refault");
	o = at_state(ORDER_REPAIRED); /* repaired at T0 + 3 h, due at T0 + 24 h */
	assert_int_equal(order_met(&o, T0 + 30 * H), 1);
	order_restored(&o, T0 + 4 * H);
	assert_int_equal(o.restored_ms, T0 + 4 * H);
	(void)why;

	alarm_blank(&a);
	a.cls = ALARM_CLASS_FAULT;
	a.priority = 4;
	assert_int_equal(order_urgency_for(&a), ORDER_NORMAL);
	a.cls = ALARM_CLASS_OFFLINE;
	assert_int_equal(order_urgency_for(&a), ORDER_URGENT);
	a.key_customer = true;
	assert_int_equal(order_urgency_for(&a), ORDER_EXTRA_URGENT);
}

/* The history keeps the newest ORDER_MAX_HISTORY entries. */
static void history_keeps_the_newest(void **state)
{
	struct work_order o = fault_order(ORDER_NORMAL);

	for (int i = 0; i < ORDER_MAX_HISTORY + 5; i++)
		order_log(&o, T0 + i, "refault", "center", "x");
	assert_int_equal(o.nhistory, ORDER_MAX_HISTORY);
	assert_int_equal(o.history[ORDER_MAX_HISTORY - 1].at_ms, T0 + ORDER_MAX_HISTORY + 4);
}

/* The figures count an order opened in the period: met when repaired by
 * its due, missed when late or open past it; open ones by urgency. */
static void figures_of_orders(void **state)
{
	struct work_order a = at_state(ORDER_REPAIRED), b = fault_order(ORDER_URGENT),
			  c = fault_order(ORDER_NORMAL), d = fault_order(ORDER_NORMAL);
	struct fig_acc *acc = fig_begin(T0 - H, T0 + H, T0 + 30 * H);
	struct figures f;

	d.opened_ms = T0 - 2 * H; /* before the period */
	fig_add_order(acc, &a);
	fig_add_order(acc, &b); /* urgent: 12 h, still open at 30 h */
	fig_add_order(acc, &c);
	fig_add_order(acc, &d);
	fig_end(acc, &f);
	assert_int_equal(f.orders, 3);
	assert_int_equal(f.orders_met, 1);
	assert_int_equal(f.orders_missed, 2);
	assert_int_equal(f.orders_open[ORDER_URGENT], 1);
	assert_int_equal(f.orders_open[ORDER_NORMAL], 2);
	assert_int_equal(f.oldest_open_ms, 30 * H);
}

static void message_round_trip(void **state)
{
	struct work_order o = at_state(ORDER_REPAIRED), got;
	struct proto_msg m;
	char err[200], *s = proto_encode_order(&o, 42);

	assert_non_null(s);
	assert_int_equal(proto_decode(s, strlen(s), &m, err, sizeof err), 0);
	assert_int_equal(m.type, PROTO_ORDER);
	assert_int_equal(m.seq, 42);
	assert_int_equal(proto_order_get(&m, &got, err, sizeof err), 0);
	assert_string_equal(got.id, "WO-1");
	assert_string_equal(got.device, "03 主卧 被动红外探测器");
	assert_int_equal(got.state, ORDER_REPAIRED);
	assert_int_equal(got.urgency, ORDER_NORMAL);
	assert_string_equal(got.assignee, "张工");
	assert_int_equal(got.repaired_ms, o.repaired_ms);
	assert_int_equal(got.nhistory, o.nhistory);
	assert_string_equal(got.history[1].action, "assign");
	proto_msg_release(&m);
	free(s);

	s = strdup("{\"type\":\"order\",\"seq\":1,\"order\":{\"id\":\"W\",\"customer\":\"K\","
		   "\"class\":\"fault\",\"urgency\":\"soon\",\"state\":\"open\",\"opened\":1,\"due\":2}}");
	assert_int_not_equal(proto_decode(s, strlen(s), &m, err, sizeof err), 0);
	assert_non_null(strstr(err, "urgency"));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_state_and_step),     cmocka_unit_test(steps_say_what_is_missing),
		cmocka_unit_test(refault_and_repair_clock), cmocka_unit_test(history_keeps_the_newest),
		cmocka_unit_test(figures_of_orders),        cmocka_unit_test(message_round_trip),
	};
	return cmocka_run_group_tests_name("order", tests, NULL, NULL);
}
