/* libFuzzer target: the protocol decoder on arbitrary bytes. Any decoded
 * message must re-encode (alarms) and every string must be terminal-safe. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/text.h"
#include "../../net/proto.h"

static void check_safe(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
	if (!text_utf8_valid(s, strlen(s)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_msg m;
	char err[256];

	if (proto_decode((const char *)data, size, &m, err, sizeof err) != 0)
		return 0;
	if (m.type == PROTO_ALARM) {
		char *again = proto_encode_alarm(&m.alarm, m.seq);
		struct proto_msg m2;
		check_safe(m.alarm.cust_name);
		check_safe(m.alarm.addr_text);
		if (again == NULL || proto_decode(again, strlen(again), &m2, err, sizeof err) != 0)
			abort();
		if (strcmp(m2.alarm.id, m.alarm.id) != 0 || m2.alarm.priority != m.alarm.priority)
			abort();
		proto_msg_release(&m2);
		free(again);
	} else if (m.type == PROTO_NOTICE) {
		check_safe(m.u.notice.text);
	} else if (m.type == PROTO_SNAPSHOT) {
		for (size_t i = 0; i < m.u.snapshot.count; i++) {
			struct alarm a;
			struct alarm_entry tl[ALARM_MAX_TIMELINE];
			if (proto_snapshot_alarm(&m, i, &a, tl, err, sizeof err) == 0)
				check_safe(a.cust_name);
		}
	} else if (m.type == PROTO_PLANS) {
		for (size_t i = 0; i < proto_plans_count(&m); i++) {
			struct proto_plan p;
			proto_plans_get(&m, i, &p, err, sizeof err);
		}
	}
	proto_msg_release(&m);
	return 0;
}
