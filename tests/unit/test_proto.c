/* Tests of net/proto.c: round trips of every message and rejection of each
 * malformed case, with the field named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/flow.h"
#include "../../net/proto.h"

static const struct alarm_contact contacts[] = {{"谢军", "13518169346", "负责人"}};
static const struct alarm_camera cameras[] = {{"正门摄像机", "rtsp://10.20.0.43/ch1"}};

static struct alarm sample(void)
{
	static struct alarm_rules rules;
	struct alarm a;
	alarm_blank(&a);
	a.id = "e1-7";
	a.priority = 1;
	a.cls = ALARM_CLASS_PANIC;
	a.event_code = "120";
	a.qualifier = 1;
	a.partition = 1;
	a.channel = ALARM_CHANNEL_IP;
	a.occurred_ms = 1763690000000;
	a.received_ms = 1763690000500;
	a.cust_id = "KH0033";
	a.cust_name = "江城农商银行临江支行";
	a.cust_type = "银行";
	a.key_customer = true;
	a.police = "临江派出所";
	a.addr_text = "江城市临江区临江大道66号";
	a.addr_community = "临江大道66号";
	a.ncontacts = 1;
	a.contacts = contacts;
	a.zone_no = 5;
	a.zone_name = "前台紧急按钮";
	a.zone_detector = "紧急按钮";
	a.pos_map = "KH0033";
	a.pos_level = "1F";
	a.pos_marker = "M5";
	a.lon = 118.8;
	a.lat = 32.05;
	a.has_lonlat = true;
	a.ncameras = 1;
	a.cameras = cameras;
	a.plan_id = "P-PANIC";
	flow_default_rules(&rules, a.cls, a.key_customer);
	rules.police_direct = true;
	rules.recipients[1] = "江城保安服务公司";
	rules.nrecipients = 2;
	a.rules = &rules;
	flow_start(&a, a.received_ms);
	return a;
}

static int decode(const char *s, struct proto_msg *m, char *err)
{
	return proto_decode(s, strlen(s), m, err, 256);
}

static void alarm_round_trip(void **state)
{
	struct alarm a = sample();
	struct proto_msg m;
	char err[256], *s = proto_encode_alarm(&a, 42);

	assert_int_equal(decode(s, &m, err), 0);
	assert_int_equal(m.type, PROTO_ALARM);
	assert_int_equal(m.seq, 42);
	assert_string_equal(m.alarm.id, "e1-7");
	assert_int_equal(m.alarm.priority, 1);
	assert_int_equal(m.alarm.cls, ALARM_CLASS_PANIC);
	assert_string_equal(m.alarm.event_code, "120");
	assert_int_equal(m.alarm.received_ms, 1763690000500);
	assert_string_equal(m.alarm.cust_name, "江城农商银行临江支行");
	assert_true(m.alarm.key_customer);
	assert_string_equal(m.alarm.contacts[0].phone, "13518169346");
	assert_int_equal(m.alarm.zone_no, 5);
	assert_string_equal(m.alarm.pos_marker, "M5");
	assert_true(m.alarm.has_lonlat);
	assert_string_equal(m.alarm.cameras[0].channel, "rtsp://10.20.0.43/ch1");
	assert_string_equal(m.alarm.plan_id, "P-PANIC");
	assert_int_equal(m.alarm.state, ALARM_ST_NEW);
	assert_int_equal(m.alarm.rules->nrecipients, 2);
	assert_string_equal(m.alarm.rules->recipients[1], "江城保安服务公司");
	assert_true(m.alarm.rules->police_direct);
	assert_int_equal(m.alarm.rules->limit_ms[FLOW_CLK_FORWARD], 120000);
	assert_int_equal(m.alarm.flow.clk[FLOW_CLK_REVIEW].start_ms, a.received_ms);
	assert_int_equal(m.alarm.flow.clk[FLOW_CLK_POLICE].limit_ms, 60000);
	proto_msg_release(&m);
	free(s);
}

static void control_round_trips(void **state)
{
	struct proto_msg m;
	char err[256], *s;
	struct proto_hello h = {.version = 1, .console = "c1", .operator_ = "op1",
				.password = "pw", .role = PROTO_ROLE_SUPERVISOR, .resume = true,
				.epoch = "abcd", .seq = 99};
	struct proto_welcome w = {.center = "中心", .epoch = "abcd", .role = PROTO_ROLE_OPERATOR,
				  .time_ms = 5, .heartbeat_ms = 2000, .head = 7};
	struct alarm_update u = {.alarm_id = "e1-7", .by = "op1", .console = "c1",
				 .action = "review", .text = "门口摄像头", .arg = 2, .holder = "op1",
				 .op_id = "c1-1", .state = ALARM_ST_REVIEWING, .at_ms = 77, .has_flow = true};
	struct proto_op op = {.op_id = "c1-1", .alarm_id = "e1-7", .text = "video",
			      .action = PROTO_ACT_REVIEW, .code = 0};
	struct proto_op_ack ack = {"c1-1", "already claimed by op2", PROTO_E_CLAIMED};
	struct proto_error e = {"r", "bad", "password", PROTO_E_AUTH};
	struct proto_device d = {"KH1", "主机", PROTO_DEV_OFFLINE, 9};
	struct proto_notice n = {"值班长", "检修", 3};
	struct proto_tick t = {123, 45};

	s = proto_encode_hello(&h);
	assert_int_equal(decode(s, &m, err), 0);
	assert_int_equal(m.u.hello.role, PROTO_ROLE_SUPERVISOR);
	assert_true(m.u.hello.resume);
	assert_int_equal(m.u.hello.seq, 99);
	proto_msg_release(&m), free(s);

	s = proto_encode_welcome(&w);
	assert_int_equal(decode(s, &m, err), 0);
	assert_string_equal(m.u.welcome.center, "中心");
	assert_int_equal(m.u.welcome.heartbeat_ms, 2000);
	assert_int_equal(m.u.welcome.head, 7);
	proto_msg_release(&m), free(s);

	u.origin = "dc09/1001/0017/5ab1f3c2";
	u.flow.method = FLOW_METHOD_VIDEO;
	u.flow.ticks = 0x1f;
	u.flow.clk[FLOW_CLK_REVIEW] = (struct flow_timer){1000, 0, 60000, false};
	u.flow.clk[FLOW_CLK_FORWARD] = (struct flow_timer){2000, 9000, 120000, true};
	s = proto_encode_update(&u, 8);
	assert_int_equal(decode(s, &m, err), 0);
	assert_int_equal(m.seq, 8);
	assert_int_equal(m.u.update.state, ALARM_ST_REVIEWING);
	assert_string_equal(m.u.update.by, "op1");
	assert_string_equal(m.u.update.holder, "op1");
	assert_string_equal(m.u.update.action, "review");
	assert_string_equal(m.u.update.console, "c1");
	assert_string_equal(m.u.update.op_id, "c1-1");
	assert_string_equal(m.u.update.origin, "dc09/1001/0017/5ab1f3c2");
	assert_string_equal(m.u.update.text, "门口摄像头");
	assert_int_equal(m.u.update.arg, 2);
	assert_true(m.u.update.has_flow);
	assert_memory_equal(&m.u.update.flow, &u.flow, sizeof u.flow);
	proto_msg_release(&m), free(s);

	{
		/* An opening names the panel's frame; without one, origin reads "". */
		struct proto_arm arm = {"KH0001", 2, false, "7", 1763690030000, "dc09/1001/0016/0a0b0c0d"};
		s = proto_encode_arm(&arm, 9);
		assert_int_equal(decode(s, &m, err), 0);
		assert_string_equal(m.u.arm.origin, "dc09/1001/0016/0a0b0c0d");
		assert_int_equal(m.u.arm.partition, 2);
		proto_msg_release(&m), free(s);
		arm.origin = NULL;
		s = proto_encode_arm(&arm, 10);
		assert_null(strstr(s, "origin"));
		assert_int_equal(decode(s, &m, err), 0);
		assert_string_equal(m.u.arm.origin, "");
		proto_msg_release(&m), free(s);
	}

	s = proto_encode_op(&op);
	assert_int_equal(decode(s, &m, err), 0);
	assert_int_equal(m.u.op.action, PROTO_ACT_REVIEW);
	assert_string_equal(m.u.op.text, "video");
	proto_msg_release(&m), free(s);
	op = (struct proto_op){.op_id = "c1-2", .alarm_id = "e1-7", .text = "",
			       .action = PROTO_ACT_TICK, .code = 7};
	s = proto_encode_op(&op);
	assert_int_equal(decode(s, &m, err), 0);
	assert_int_equal(m.u.op.code, 7);
	proto_msg_release(&m), free(s);

	s = proto_encode_op_ack(&ack);
	assert_int_equal(decode(s, &m, err), 0);
	assert_int_equal(m.u.op_ack.code, PROTO_E_CLAIMED);
	assert_string_equal(m.u.op_ack.msg, "already claimed by op2");
	proto_msg_release(&m), free(s);

	s = proto_encode_error(&e);
	assert_int_equal(decode(s, &m, err), 0);
	assert_string_equal(m.u.error.field, "password");
	proto_msg_release(&m), free(s);

	s = proto_encode_device(&d, 10);
	assert_int_equal(decode(s, &m, err), 0);
	assert_int_equal(m.u.device.state, PROTO_DEV_OFFLINE);
	proto_msg_release(&m), free(s);

	s = proto_encode_notice(&n, 11);
	assert_int_equal(decode(s, &m, err), 0);
	assert_string_equal(m.u.notice.text, "检修");
	proto_msg_release(&m), free(s);

	s = proto_encode_tick(&t);
	assert_int_equal(decode(s, &m, err), 0);
	assert_int_equal(m.u.tick.head, 45);
	proto_msg_release(&m), free(s);

	s = proto_encode_synced(12);
	assert_int_equal(decode(s, &m, err), 0);
	assert_int_equal(m.type, PROTO_SYNCED);
	assert_int_equal(m.seq, 12);
	proto_msg_release(&m), free(s);
}

static void snapshot_and_plans(void **state)
{
	struct alarm a = sample(), b = sample(), got;
	const struct alarm *list[2] = {&a, &b};
	struct proto_plan p = {.id = "P1", .name = "预案", .cls = ALARM_CLASS_FIRE, .nsteps = 2,
			       .grades = 1u << 1, .steps = {"一", "二"}, .mandatory = {true, false},
			       .by = {PLAN_BY_HAND, PLAN_BY_DISPATCH}};
	struct proto_plan q;
	struct proto_msg m;
	struct alarm_entry tl[ALARM_MAX_TIMELINE],
		steps[2] = {{1000, "claim", "op2", "", 0}, {2000, "note", "op2", "门卫说是误碰", 0}};
	char err[256], *s;

	b.id = "e1-8";
	b.state = ALARM_ST_CLAIMED;
	b.claimed_by = "op2";
	b.timeline = steps;
	b.ntimeline = 2;
	s = proto_encode_snapshot(list, 2, 50, true);
	assert_int_equal(decode(s, &m, err), 0);
	assert_int_equal(m.u.snapshot.count, 2);
	assert_int_equal(m.u.snapshot.head, 50);
	assert_true(m.u.snapshot.more);
	assert_int_equal(proto_snapshot_alarm(&m, 1, &got, tl, err, sizeof err), 0);
	assert_string_equal(got.claimed_by, "op2");
	assert_int_equal(got.state, ALARM_ST_CLAIMED);
	assert_int_equal(got.ntimeline, 2);
	assert_int_equal(got.timeline[1].at_ms, 2000);
	assert_string_equal(got.timeline[1].action, "note");
	assert_string_equal(got.timeline[1].text, "门卫说是误碰");
	assert_int_equal(proto_snapshot_alarm(&m, 0, &got, tl, err, sizeof err), 0);
	assert_int_equal(got.ntimeline, 0);
	assert_int_not_equal(proto_snapshot_alarm(&m, 2, &got, tl, err, sizeof err), 0);
	proto_msg_release(&m), free(s);

	s = proto_encode_plans(&p, 1);
	assert_int_equal(decode(s, &m, err), 0);
	assert_int_equal(proto_plans_count(&m), 1);
	assert_int_equal(proto_plans_get(&m, 0, &q, err, sizeof err), 0);
	assert_int_equal(q.cls, ALARM_CLASS_FIRE);
	assert_int_equal(q.nsteps, 2);
	assert_true(q.mandatory[0]);
	assert_false(q.mandatory[1]);
	assert_int_equal(q.grades, 1u << 1);
	assert_int_equal(q.by[1], PLAN_BY_DISPATCH);
	/* The steps, not the class, say whether a field officer is needed:
	 * the dispatch step is optional here. */
	assert_false(q.rules.dispatch);
	assert_int_equal(q.rules.nsteps, 2);
	assert_int_equal(q.rules.steps_mandatory, 1);
	proto_msg_release(&m), free(s);

	/* The alarm carries the steps' rules and which are done. */
	b.rules = &q.rules;
	b.flow.steps = 2;
	b.flow.reported = true;
	s = proto_encode_snapshot(list, 2, 50, false);
	assert_int_equal(decode(s, &m, err), 0);
	assert_int_equal(proto_snapshot_alarm(&m, 1, &got, tl, err, sizeof err), 0);
	assert_int_equal(got.rules->nsteps, 2);
	assert_int_equal(got.rules->steps_mandatory, 1);
	assert_int_equal(got.rules->step_by[1], PLAN_BY_DISPATCH);
	assert_int_equal(got.flow.steps, 2);
	assert_true(got.flow.reported);
	proto_msg_release(&m), free(s);

	/* dispatch said in the rules as well as the steps is refused. */
	s = strdup("{\"v\":1,\"type\":\"plans\",\"plans\":[{\"id\":\"P\",\"name\":\"n\","
		   "\"class\":\"fire\",\"rules\":{\"dispatch\":true},\"steps\":[]}]}");
	assert_int_equal(decode(s, &m, err), 0);
	assert_int_not_equal(proto_plans_get(&m, 0, &q, err, sizeof err), 0);
	assert_non_null(strstr(err, "dispatch is said by the steps"));
	proto_msg_release(&m), free(s);
}

/* Each malformed frame is refused with the expected code and a message
 * that names the problem. */
static void rejects_malformed(void **state)
{
	static const struct {
		const char *frame;
		int code;
		const char *msg;
	} cases[] = {
		{"", PROTO_E_JSON, "not JSON"},
		{"{\"type\":", PROTO_E_JSON, "not JSON"},
		{"[1,2]", PROTO_E_JSON, "not a JSON object"},
		{"{\"type\":\"tick\",\"time\":1,\"head\":2} trailing", PROTO_E_JSON, "not JSON"},
		{"{\"type\":\"nope\"}", PROTO_E_TYPE, "unknown message type"},
		{"{\"type\":5}", PROTO_E_FIELD, "type: expected a string"},
		{"{}", PROTO_E_FIELD, "type: missing"},
		{"{\"type\":\"tick\",\"time\":1,\"head\":2,\"type\":\"op\"}", PROTO_E_JSON,
		 "duplicate key"},
		{"{\"type\":\"tick\",\"time\":1.5,\"head\":2}", PROTO_E_FIELD, "time: expected an integer"},
		{"{\"type\":\"tick\",\"time\":-1,\"head\":2}", PROTO_E_FIELD, "time: out of range"},
		{"{\"type\":\"update\",\"alarm_id\":\"a\",\"state\":\"new\",\"at\":1}", PROTO_E_FIELD,
		 "seq: missing"},
		{"{\"type\":\"update\",\"seq\":0,\"alarm_id\":\"a\",\"state\":\"new\",\"at\":1}",
		 PROTO_E_FIELD, "seq: out of range"},
		{"{\"type\":\"update\",\"seq\":3,\"alarm_id\":\"a\",\"state\":\"gone\",\"at\":1}",
		 PROTO_E_FIELD, "state: unknown value"},
		{"{\"type\":\"op\",\"op_id\":\"1\",\"action\":\"claim\"}", PROTO_E_FIELD,
		 "alarm_id: missing"},
		{"{\"type\":\"op\",\"op_id\":\"\",\"action\":\"claim\",\"alarm_id\":\"a\"}",
		 PROTO_E_FIELD, "op_id: must not be empty"},
		{"{\"type\":\"hello\",\"version\":1,\"console\":\"c\",\"operator\":\"o\","
		 "\"password\":\"p\",\"role\":\"root\"}",
		 PROTO_E_FIELD, "role: unknown value"},
		{"{\"type\":\"alarm\",\"seq\":1,\"alarm\":{\"id\":\"a\",\"priority\":9}}",
		 PROTO_E_FIELD, "alarm.priority: out of range"},
		{"{\"type\":\"alarm\",\"seq\":1,\"alarm\":{\"id\":\"a\",\"priority\":1,\"class\":"
		 "\"panic\",\"channel\":\"ip\",\"occurred\":1,\"received\":1,\"event\":{\"scheme\":"
		 "\"cid\",\"code\":\"12x\"}}}",
		 PROTO_E_FIELD, "alarm.event.code: expected 3 hex digits"},
		{"{\"type\":\"alarm\",\"seq\":1,\"alarm\":{\"id\":\"a\",\"priority\":1,\"class\":"
		 "\"panic\",\"channel\":\"ip\",\"occurred\":1,\"received\":1,\"event\":{\"scheme\":"
		 "\"cid\",\"code\":\"120\"},\"customer\":{\"id\":\"k\",\"name\":7}}}",
		 PROTO_E_FIELD, "alarm.customer.name: expected a string"},
		{"{\"type\":\"tick\",\"time\":1,\"head\":2,\"x\":[[[[[[[[[1]]]]]]]]]}", PROTO_E_SIZE,
		 "nesting deeper"},
	};
	struct proto_msg m;
	char err[256];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = proto_decode(cases[i].frame, strlen(cases[i].frame), &m, err, sizeof err);
		if (rc != cases[i].code || strstr(err, cases[i].msg) == NULL)
			fail_msg("case %zu '%s': got %d '%s', want %d '%s'", i, cases[i].frame, rc,
				 err, cases[i].code, cases[i].msg);
		assert_null(m.tree);
	}
}

static void rejects_bad_utf8_big_and_long(void **state)
{
	struct proto_msg m;
	char err[256], *big;
	const char bad[] = "{\"type\":\"tick\",\"time\":1,\"head\":2,\"x\":\"\xc3\x28\"}";

	assert_int_equal(proto_decode(bad, strlen(bad), &m, err, sizeof err), PROTO_E_JSON);
	assert_non_null(strstr(err, "UTF-8"));
	big = malloc(PROTO_MAX_FRAME + 10);
	memset(big, ' ', PROTO_MAX_FRAME + 10);
	assert_int_equal(proto_decode(big, PROTO_MAX_FRAME + 1, &m, err, sizeof err), PROTO_E_SIZE);
	snprintf(big, PROTO_MAX_FRAME, "{\"type\":\"notice\",\"seq\":1,\"from\":\"a\",\"at\":1,\"text\":\"");
	{
		size_t at = strlen(big);
		memset(big + at, 'x', PROTO_MAX_STRING + 1);
		strcpy(big + at + PROTO_MAX_STRING + 1, "\"}");
	}
	assert_int_equal(proto_decode(big, strlen(big), &m, err, sizeof err), PROTO_E_SIZE);
	assert_non_null(strstr(err, "text: string longer"));
	free(big);
}

static void sanitises_hostile_strings(void **state)
{
	const char *f = "{\"type\":\"notice\",\"seq\":1,\"from\":\"\\u001b]0;pwn\\u0007\","
			"\"text\":\"abc\\u202edef\\u009b2J\",\"at\":1}";
	struct proto_msg m;
	char err[256];

	assert_int_equal(decode(f, &m, err), 0);
	assert_string_equal(m.u.notice.from, "?]0;pwn?");
	assert_string_equal(m.u.notice.text, "abcdef?2J");
	proto_msg_release(&m);
}

/* A NUL (escaped or raw) becomes '?' and keeps the rest of the string; an
 * escaped backslash before "u0000" is text. */
static void nul_does_not_cut_strings(void **state)
{
	const char esc[] = "{\"type\":\"notice\",\"seq\":1,\"from\":\"a\\u0000b\","
			   "\"text\":\"c\\\\u0000d\",\"at\":1}";
	const char raw[] = "{\"type\":\"notice\",\"seq\":1,\"from\":\"a\0b\",\"text\":\"x\",\"at\":1}";
	struct proto_msg m;
	char err[256];

	assert_int_equal(proto_decode(esc, sizeof esc - 1, &m, err, sizeof err), 0);
	assert_string_equal(m.u.notice.from, "a?b");
	assert_string_equal(m.u.notice.text, "c\\u0000d");
	proto_msg_release(&m);
	assert_int_equal(proto_decode(raw, sizeof raw - 1, &m, err, sizeof err), 0);
	assert_string_equal(m.u.notice.from, "a?b");
	proto_msg_release(&m);
}

/* Integers of 10^15 and more are written as digits, and read back. */
static void big_integers_are_digits(void **state)
{
	struct proto_tick t = {.time_ms = 1796161372544, .head = 9007199254740990ULL};
	char *f = proto_encode_tick(&t), err[256];
	struct proto_msg m;

	assert_non_null(strstr(f, "\"head\":9007199254740990"));
	assert_null(strstr(f, "e+"));
	assert_int_equal(proto_decode(f, strlen(f), &m, err, sizeof err), 0);
	assert_true(m.u.tick.head == 9007199254740990ULL);
	proto_msg_release(&m);
	free(f);
}

/* A refused op keeps its op_id for the op_ack; an unknown action is 3005. */
static void refused_op_keeps_its_op_id(void **state)
{
	const char *unknown = "{\"type\":\"op\",\"op_id\":\"k-1\",\"action\":\"fly\",\"alarm_id\":\"a\"}";
	const char *missing = "{\"type\":\"op\",\"op_id\":\"k-2\",\"action\":\"claim\"}";
	const char *no_id = "{\"type\":\"op\",\"action\":\"claim\"}";
	struct proto_msg m;
	char err[256];

	assert_int_equal(decode(unknown, &m, err), PROTO_E_ACTION);
	assert_non_null(strstr(err, "unknown action 'fly'"));
	assert_int_equal(m.type, PROTO_OP);
	assert_string_equal(m.refused_op_id, "k-1");
	assert_int_equal(decode(missing, &m, err), PROTO_E_FIELD);
	assert_string_equal(m.refused_op_id, "k-2");
	assert_int_equal(decode(no_id, &m, err), PROTO_E_FIELD);
	assert_string_equal(m.refused_op_id, "");
	assert_null(m.tree);
}

/* Every counter of a figures message survives encode → decode. */
static void site_test_round_trips(void **state)
{
	struct proto_test t = {"KH0001", PROTO_TEST_ENDING, 1763697220000, "op1", "安装调试",
			       1763690020000};
	struct proto_signal g = {"KH0001", 3, "客厅", "130", ALARM_CHANNEL_DC09_UDP, 3, 1763690031000};
	struct proto_op op = {.op_id = "d-1", .site = "KH0001", .action = PROTO_ACT_TEST,
			      .code = 7200, .text = "user test"};
	struct proto_msg m;
	char err[256], *s = proto_encode_test(&t, 9);

	assert_int_equal(proto_decode(s, strlen(s), &m, err, sizeof err), 0);
	assert_int_equal(m.type, PROTO_TEST);
	assert_int_equal(m.seq, 9);
	assert_string_equal(m.u.test.cust_id, "KH0001");
	assert_int_equal(m.u.test.state, PROTO_TEST_ENDING);
	assert_int_equal(m.u.test.until_ms, 1763697220000);
	assert_string_equal(m.u.test.reason, "安装调试");
	proto_msg_release(&m);
	free(s);
	s = proto_encode_signal(&g, 10);
	assert_int_equal(proto_decode(s, strlen(s), &m, err, sizeof err), 0);
	assert_int_equal(m.type, PROTO_SIGNAL);
	assert_int_equal(m.u.signal.zone, 3);
	assert_string_equal(m.u.signal.event, "130");
	assert_int_equal(m.u.signal.channel, ALARM_CHANNEL_DC09_UDP);
	assert_int_equal(m.u.signal.qualifier, 3);
	proto_msg_release(&m);
	free(s);
	s = proto_encode_op(&op);
	assert_int_equal(proto_decode(s, strlen(s), &m, err, sizeof err), 0);
	assert_int_equal(m.u.op.action, PROTO_ACT_TEST);
	assert_string_equal(m.u.op.site, "KH0001");
	assert_string_equal(m.u.op.alarm_id, "");
	assert_int_equal(m.u.op.code, 7200);
	proto_msg_release(&m);
	free(s);
	/* A test op must name its site; an "on" test its end. */
	s = strdup("{\"type\":\"op\",\"op_id\":\"d-2\",\"action\":\"test\",\"code\":60}");
	assert_int_equal(proto_decode(s, strlen(s), &m, err, sizeof err), PROTO_E_FIELD);
	assert_non_null(strstr(err, "site"));
	free(s);
	s = strdup("{\"type\":\"test\",\"seq\":3,\"customer\":\"K\",\"state\":\"on\",\"at\":1}");
	assert_int_equal(proto_decode(s, strlen(s), &m, err, sizeof err), PROTO_E_FIELD);
	assert_non_null(strstr(err, "until"));
	free(s);
}

static void figures_round_trip(void **state)
{
	struct proto_figures x;
	struct fig_step *st = &x.f.step[FLOW_CLK_FORWARD];
	struct proto_msg m;
	char err[200], *text;

	/* Padding zeroed too: the decoded struct is compared byte for byte. */
	memset(&x, 0, sizeof x);
	x.req_id = "q7";
	x.f.from_ms = 1000, x.f.to_ms = 49000, x.f.alarms = 9, x.f.reviewed = 8;
	x.f.false_alarms = 7, x.f.incidents = 6, x.f.forwarded = 5;
	x.f.missed_forwards = 4, x.f.false_forwards = 3;
	x.f.by_class[ALARM_CLASS_FIRE] = 2;
	x.f.by_channel[ALARM_CHANNEL_PSTN] = 9;
	st->n = 4, st->met = 3, st->missed = 1, st->p50_ms = 65000, st->p90_ms = 130000;
	x.f.rate[47] = 11;
	text = proto_encode_figures(&x);
	assert_int_equal(proto_decode(text, strlen(text), &m, err, sizeof err), 0);
	assert_int_equal(m.type, PROTO_FIGURES);
	assert_string_equal(m.u.figures.req_id, "q7");
	assert_memory_equal(&m.u.figures.f, &x.f, sizeof x.f);
	proto_msg_release(&m);
	free(text);
}

/* An images query and its answer; an answer that announces more than 20
 * images, an empty one or one of over 1 MiB is refused by name. */
static void images_round_trip(void **state)
{
	struct proto_query q = {.req_id = "q9", .what = PROTO_Q_IMAGES, .alarm = "c1-7"};
	struct proto_images x = {.req_id = "q9", .alarm = "c1-7", .n = 2,
				 .at_ms = {1796282971358, 1796282971611}, .bytes = {14226, 1}};
	struct proto_msg m;
	char err[200], *text = proto_encode_query(&q);
	char big[4200];
	size_t n;

	assert_int_equal(proto_decode(text, strlen(text), &m, err, sizeof err), 0);
	assert_int_equal(m.u.query.what, PROTO_Q_IMAGES);
	assert_string_equal(m.u.query.alarm, "c1-7");
	proto_msg_release(&m);
	free(text);
	text = proto_encode_images(&x);
	assert_int_equal(proto_decode(text, strlen(text), &m, err, sizeof err), 0);
	assert_int_equal(m.type, PROTO_IMAGES);
	assert_string_equal(m.u.images.alarm, "c1-7");
	assert_string_equal(m.u.images.req_id, "q9");
	assert_int_equal(m.u.images.n, 2);
	assert_true(m.u.images.at_ms[1] == 1796282971611);
	assert_int_equal(m.u.images.bytes[0], 14226);
	proto_msg_release(&m);
	free(text);
	n = (size_t)snprintf(big, sizeof big, "{\"type\":\"images\",\"alarm\":\"a\",\"images\":[");
	for (int i = 0; i < 21; i++)
		n += (size_t)snprintf(big + n, sizeof big - n, "%s{\"at\":1,\"bytes\":9}", i ? "," : "");
	snprintf(big + n, sizeof big - n, "]}");
	assert_int_equal(proto_decode(big, strlen(big), &m, err, sizeof err), PROTO_E_FIELD);
	assert_non_null(strstr(err, "more than 20"));
	proto_msg_release(&m);
	for (const char *const *bad = (const char *const[]){
		     "{\"type\":\"images\",\"alarm\":\"a\",\"images\":[{\"at\":1,\"bytes\":0}]}",
		     "{\"type\":\"images\",\"alarm\":\"a\",\"images\":[{\"at\":1,\"bytes\":1048577}]}",
		     "{\"type\":\"images\",\"alarm\":\"a\"}", NULL};
	     *bad; bad++) {
		assert_int_equal(proto_decode(*bad, strlen(*bad), &m, err, sizeof err), PROTO_E_FIELD);
		proto_msg_release(&m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alarm_round_trip),    cmocka_unit_test(control_round_trips),
		cmocka_unit_test(snapshot_and_plans),  cmocka_unit_test(rejects_malformed),
		cmocka_unit_test(rejects_bad_utf8_big_and_long),
		cmocka_unit_test(sanitises_hostile_strings), cmocka_unit_test(figures_round_trip),
		cmocka_unit_test(nul_does_not_cut_strings), cmocka_unit_test(big_integers_are_digits),
		cmocka_unit_test(refused_op_keeps_its_op_id), cmocka_unit_test(site_test_round_trips),
		cmocka_unit_test(images_round_trip),
	};
	return cmocka_run_group_tests_name("proto", tests, NULL, NULL);
}
