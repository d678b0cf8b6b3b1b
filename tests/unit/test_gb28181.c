/* Tests of the GB/T 28181 codecs (center/sip_digest.c, center/manscdp.c,
 * center/sip_msg.c, center/gb_devices.c): the digest of RFC 2617's own
 * example and of a GB device without qop, nonces that age and cannot be
 * forged, the MANSCDP examples that public implementations quote (data
 * gb28181.md §4) read to the fields they expect — in UTF-8, in GB2312 as
 * declared, and in UTF-8 under a GB2312 declaration — hostile and broken
 * bodies refused with a reason, bodies built and read back, SIP messages
 * framed on a stream, and the AlarmMethod/AlarmType table consistent with
 * the Contact ID classes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/alarm.h"
#include "../../center/gb_alarm.h"
#include "../../center/gb_devices.h"
#include "../../center/gb_server-int.h"
#include "../../center/manscdp.h"
#include "../../center/sip_digest.h"
#include "../../center/sip_msg.h"

static void digest_rfc2617_example(void **state)
{
	char out[DIGEST_HEX];

	/* RFC 2617 §3.5. */
	digest_response("Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
			"dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b", out);
	assert_string_equal(out, "6629fae49393a05397450978507c4ef1");
	/* Without qop: MD5(HA1:nonce:HA2), as GB devices answer. */
	digest_response("34020000001320000001", "3402000000", "12345678", "REGISTER",
			"sip:34020000002000000001@3402000000", "abc", NULL, NULL, NULL, out);
	assert_int_equal(strlen(out), 32);
	assert_true(digest_equal(out, out));
	{
		char other[DIGEST_HEX];
		digest_response("34020000001320000001", "3402000000", "12345679", "REGISTER",
				"sip:34020000002000000001@3402000000", "abc", "", NULL, NULL, other);
		assert_false(digest_equal(out, other));
	}
}

static void nonces(void **state)
{
	unsigned char secret[32] = {1, 2, 3}, other[32] = {9};
	char n[64], forged[64];

	digest_nonce(secret, 1000000, n, sizeof n);
	assert_true(digest_nonce_ok(secret, n, 1000000, 300000));
	assert_true(digest_nonce_ok(secret, n, 1300000, 300000));
	assert_false(digest_nonce_ok(secret, n, 1300001, 300000)); /* stale */
	assert_false(digest_nonce_ok(secret, n, 999999, 300000));  /* from the future */
	assert_false(digest_nonce_ok(other, n, 1000000, 300000));  /* another server's */
	snprintf(forged, sizeof forged, "%s", n);
	forged[11] = forged[11] == '0' ? '1' : '0'; /* a younger time, same MAC */
	assert_false(digest_nonce_ok(secret, forged, 1000000, 300000));
	assert_false(digest_nonce_ok(secret, "short", 1000000, 300000));
}

static const char device_alarm[] = /* gb28181.md 4a */
	"<?xml version=\"1.0\"?>\n<Notify>\n<CmdType>Alarm</CmdType>\n<SN>1</SN>\n"
	"<DeviceID>64010000001340000001</DeviceID>\n<AlarmPriority>4</AlarmPriority>\n"
	"<AlarmMethod>2</AlarmMethod>\n<AlarmTime>2009-12-04T16:23:32</AlarmTime>\n"
	"<AlarmDescription>警情描述</AlarmDescription>\n<Longitude>171.3</Longitude>\n"
	"<Latitude>34.2</Latitude>\n</Notify>\n";

static void parse_device_alarm(void **state)
{
	struct manscdp m;
	char err[200];

	assert_int_equal(manscdp_parse(device_alarm, strlen(device_alarm), &m, err, sizeof err), 0);
	assert_int_equal(m.root, MANSCDP_NOTIFY);
	assert_string_equal(m.cmd, "Alarm");
	assert_int_equal(m.sn, 1);
	assert_string_equal(m.device_id, "64010000001340000001");
	assert_int_equal(m.priority, 4);
	assert_int_equal(m.method, 2);
	assert_int_equal(m.type, 0);
	assert_string_equal(m.time, "2009-12-04T16:23:32");
	assert_string_equal(m.description, "警情描述");
	assert_true(m.has_lonlat);
	assert_true(m.lon > 171.29 && m.lon < 171.31 && m.lat > 34.19 && m.lat < 34.21);
}

static void parse_video_alarm_and_response(void **state)
{
	static const char notify[] = /* gb28181.md 4b */
		"<?xml version=\"1.0\"?>\n<Notify>\n<CmdType>Alarm</CmdType>\n<SN>1</SN>\n"
		"<DeviceID>64010000001340000101</DeviceID>\n<AlarmPriority>4</AlarmPriority>\n"
		"<AlarmTime>2009-12-04T16:23:32</AlarmTime>\n<AlarmMethod>5</AlarmMethod>\n"
		"<Info>\n<AlarmType>6</AlarmType>\n<AlarmTypeParam>\n<EventType>1</EventType>\n"
		"</AlarmTypeParam>\n</Info>\n</Notify>\n";
	static const char response[] =
		"<?xml version=\"1.0\"?>\n<Response>\n<CmdType>Alarm</CmdType>\n<SN>1</SN>\n"
		"<DeviceID>64010000001340000101</DeviceID>\n<Result>OK</Result>\n</Response>\n";
	static const char both[] = /* gb28181.md 4c: Info's AlarmType wins */
		"<Notify><CmdType>Alarm</CmdType><SN>7</SN><DeviceID>34020000001320000001</DeviceID>"
		"<AlarmPriority>1</AlarmPriority><AlarmMethod>5</AlarmMethod><AlarmType>9</AlarmType>"
		"<Info><AlarmType>2</AlarmType></Info></Notify>";
	static const char root_type[] =
		"<Notify><CmdType>Alarm</CmdType><SN>8</SN><DeviceID>34020000001320000001</DeviceID>"
		"<AlarmPriority>1</AlarmPriority><AlarmMethod>2</AlarmMethod><AlarmType>1</AlarmType>"
		"<Longitude>0.0</Longitude><Latitude>0.0</Latitude></Notify>";
	static const char lower_info[] = /* wvp's cascade writes <info> */
		"<Notify><CmdType>Alarm</CmdType><SN>9</SN><DeviceID>34020000001320000001</DeviceID>"
		"<AlarmMethod>5</AlarmMethod><info><AlarmType>5</AlarmType></info></Notify>";
	struct manscdp m;
	char err[200];

	assert_int_equal(manscdp_parse(notify, strlen(notify), &m, err, sizeof err), 0);
	assert_int_equal(m.method, 5);
	assert_int_equal(m.type, 6);
	assert_int_equal(m.event_type, 1);
	assert_false(m.has_lonlat);
	assert_int_equal(manscdp_parse(response, strlen(response), &m, err, sizeof err), 0);
	assert_int_equal(m.root, MANSCDP_RESPONSE);
	assert_string_equal(m.result, "OK");
	assert_int_equal(manscdp_parse(both, strlen(both), &m, err, sizeof err), 0);
	assert_int_equal(m.type, 2);
	assert_int_equal(manscdp_parse(root_type, strlen(root_type), &m, err, sizeof err), 0);
	assert_int_equal(m.type, 1);
	assert_false(m.has_lonlat); /* 0,0 is "no position" */
	assert_int_equal(manscdp_parse(lower_info, strlen(lower_info), &m, err, sizeof err), 0);
	assert_int_equal(m.type, 5);
}

/* text converted to GB2312 with iconv (a device's bytes). */
static size_t to_gb2312(const char *text, char *out, size_t cap)
{
	iconv_t cd = iconv_open("GB2312", "UTF-8");
	char *in = (char *)text, *o = out;
	size_t il = strlen(text), ol = cap;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &il, &o, &ol) != (size_t)-1);
	iconv_close(cd);
	return cap - ol;
}

static void encodings(void **state)
{
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<Response><CmdType>Catalog</CmdType>"
		"<SN>3</SN><DeviceID>34020000001180000001</DeviceID><SumNum>1</SumNum>"
		"<DeviceList Num=\"1\"><Item><DeviceID>34020000001320000001</DeviceID>"
		"<Name>正门摄像机</Name><Status>ON</Status></Item></DeviceList></Response>";
	static const char undeclared[] =
		"<Notify><CmdType>Alarm</CmdType><SN>1</SN><DeviceID>34020000001340000001</DeviceID>"
		"<AlarmMethod>2</AlarmMethod><AlarmDescription>周界报警</AlarmDescription></Notify>";
	char gb[1024];
	size_t n;
	struct manscdp m;
	char err[200];

	/* GB2312 bytes as declared. */
	n = to_gb2312(doc, gb, sizeof gb);
	assert_int_equal(manscdp_parse(gb, n, &m, err, sizeof err), 0);
	assert_int_equal(m.nitems, 1);
	assert_string_equal(m.items[0].name, "正门摄像机");
	/* UTF-8 bytes under the GB2312 declaration (devices do this). */
	assert_int_equal(manscdp_parse(doc, strlen(doc), &m, err, sizeof err), 0);
	assert_string_equal(m.items[0].name, "正门摄像机");
	/* GB2312 bytes with no declaration at all. */
	n = to_gb2312(undeclared, gb, sizeof gb);
	assert_int_equal(manscdp_parse(gb, n, &m, err, sizeof err), 0);
	assert_string_equal(m.description, "周界报警");
}

static void refused_bodies(void **state)
{
	static const char *const bad[] = {
		"", "not xml at all", "<Notify><CmdType>Alarm</CmdType>", /* unclosed */
		"<Foo><CmdType>Alarm</CmdType></Foo>",                   /* root */
		"<Notify><SN>1</SN></Notify>",                            /* no CmdType */
	};
	static const char entity[] = /* no entity expansion, no network */
		"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
		"<Notify><CmdType>Alarm</CmdType><SN>1</SN><DeviceID>1</DeviceID>"
		"<AlarmDescription>&e;</AlarmDescription></Notify>";
	static const char controls[] =
		"<Notify><CmdType>Alarm</CmdType><SN>1</SN><DeviceID>1</DeviceID>"
		"<AlarmDescription>a&#10;b\tc\r\nd</AlarmDescription></Notify>";
	static const char escape[] = /* ESC is no XML character: refused */
		"<Notify><CmdType>Alarm</CmdType><SN>1</SN><DeviceID>1</DeviceID>"
		"<AlarmDescription>a\033[2Jb</AlarmDescription></Notify>";
	struct manscdp m;
	char err[200];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		assert_int_equal(manscdp_parse(bad[i], strlen(bad[i]), &m, err, sizeof err), -1);
		assert_true(err[0] != '\0');
		assert_null(strchr(err, '\n'));
	}
	if (manscdp_parse(entity, strlen(entity), &m, err, sizeof err) == 0)
		assert_null(strstr(m.description, "root:"));
	assert_int_equal(manscdp_parse(controls, strlen(controls), &m, err, sizeof err), 0);
	assert_string_equal(m.description, "a b c d"); /* line breaks and tabs: a space */
	assert_int_equal(manscdp_parse(escape, strlen(escape), &m, err, sizeof err), -1);
	{
		char *big = malloc(MANSCDP_MAX_BODY + 2);
		memset(big, ' ', MANSCDP_MAX_BODY + 1);
		big[MANSCDP_MAX_BODY + 1] = '\0';
		assert_int_equal(manscdp_parse(big, MANSCDP_MAX_BODY + 1, &m, err, sizeof err), -1);
		assert_non_null(strstr(err, "bytes"));
		free(big);
	}
}

static void build_and_read_back(void **state)
{
	const char *kv[] = {"AlarmPriority", "2", "AlarmMethod", "5", "AlarmDescription", "北门<&>",
			    "Info/AlarmType", "5", NULL};
	struct manscdp_item items[2] = {{"34020000001320000001", "正门摄像机", "ON"},
					{"34020000001340000001", "周界探测器", ""}};
	size_t len = 0;
	char *body = manscdp_build(MANSCDP_NOTIFY, "Alarm", 42, "34020000001340000001", kv, &len);
	struct manscdp m;
	char err[200];

	assert_non_null(body);
	assert_non_null(strstr(body, "encoding=\"GB2312\""));
	assert_int_equal(manscdp_parse(body, len, &m, err, sizeof err), 0);
	assert_int_equal(m.sn, 42);
	assert_int_equal(m.priority, 2);
	assert_int_equal(m.type, 5);
	assert_string_equal(m.description, "北门<&>");
	free(body);
	body = manscdp_catalog(3, "34020000001180000001", 2, items, 2, &len);
	assert_int_equal(manscdp_parse(body, len, &m, err, sizeof err), 0);
	assert_int_equal(m.sum_num, 2);
	assert_int_equal(m.nitems, 2);
	assert_string_equal(m.items[1].name, "周界探测器");
	assert_string_equal(m.items[1].status, "ON");
	free(body);
}

static void framing(void **state)
{
	static const char msg[] = "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP 1.2.3.4:5;branch=z9hG4bK1\r\n"
				  "From: <sip:x@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c1\r\n"
				  "CSeq: 1 MESSAGE\r\nContent-Length: 5\r\n\r\nhello";
	char buf[600];
	size_t skip = 9;
	size_t n = strlen(msg);

	assert_int_equal(sip_frame_len(msg, n - 1, &skip), 0); /* body not all here */
	assert_int_equal(sip_frame_len(msg, n, &skip), (ssize_t)n);
	assert_int_equal(skip, 0);
	snprintf(buf, sizeof buf, "\r\n\r\n%s%s", msg, msg); /* CRLF pings, then two */
	assert_int_equal(sip_frame_len(buf, strlen(buf), &skip), (ssize_t)n);
	assert_int_equal(skip, 4);
	assert_int_equal(sip_frame_len("MESSAGE sip:a@b SIP/2.0\r\nVia: x\r\n\r\n", 35, &skip), -1);
	snprintf(buf, sizeof buf, "MESSAGE sip:a@b SIP/2.0\r\nl: 99999999\r\n\r\n");
	assert_int_equal(sip_frame_len(buf, strlen(buf), &skip), -1); /* over the cap */
}

static void message_round_trip(void **state)
{
	static const char req[] =
		"REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 10.0.0.9:5060;rport;branch=z9hG4bK77\r\n"
		"From: <sip:34020000001320000001@3402000000>;tag=abc\r\n"
		"To: <sip:34020000001320000001@3402000000>\r\nCall-ID: reg-1\r\nCSeq: 2 REGISTER\r\n"
		"Contact: <sip:34020000001320000001@10.0.0.9:5060>\r\nExpires: 3600\r\n"
		"Content-Length: 0\r\n\r\n";
	char err[120], *text;
	size_t len = 0;
	osip_message_t *m, *r;

	sip_init();
	m = sip_parse(req, strlen(req), err, sizeof err);
	assert_non_null(m);
	assert_string_equal(sip_from_user(m), "34020000001320000001");
	assert_int_equal(sip_expires(m, 0), 3600);
	assert_string_equal(sip_branch(m), "z9hG4bK77");
	r = sip_response(m, 401, "srv");
	text = sip_to_text(r, &len);
	assert_non_null(strstr(text, "SIP/2.0 401 Unauthorized\r\n"));
	assert_non_null(strstr(text, "branch=z9hG4bK77"));
	assert_non_null(strstr(text, ";tag=srv"));
	assert_non_null(strstr(text, "Call-ID: reg-1\r\n"));
	assert_non_null(strstr(text, "CSeq: 2 REGISTER\r\n"));
	osip_free(text);
	osip_message_free(r);
	osip_message_free(m);
	assert_null(sip_parse("garbage\r\n\r\n", 11, err, sizeof err));
	assert_null(sip_parse("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n", 47, err,
			      sizeof err));
	assert_true(err[0] != '\0');
}

static void type_table(void **state)
{
	size_t n;
	const struct gb_type *t = gb_types(&n);

	assert_true(n >= 20);
	for (size_t i = 0; i < n; i++) {
		enum alarm_class c;
		assert_int_equal(alarm_class_parse(t[i].cls, &c), 0);
		/* The class the row says is the class of its Contact ID code. */
		assert_int_equal(alarm_class_of_cid(t[i].cid), c);
	}
	for (int method = 1; method <= 7; method++)
		assert_int_equal(gb_type_of(method, 99)->method, method); /* each has a default */
	assert_string_equal(gb_type_of(5, 5)->zh, "绊线检测报警");
	assert_string_equal(gb_type_of(2, 1)->cls, "fault");
	assert_string_equal(gb_type_of(0, 0)->zh, "其他报警");
	assert_true(gb_id_ok("34020000001320000001"));
	assert_false(gb_id_ok("3402000000132000000"));
	assert_false(gb_id_ok("3402000000132000000a"));
	assert_true(gb_alarm_time("2009-12-04T16:23:32") > 0);
	assert_int_equal(gb_alarm_time("2009-12-04 16:23"), 0);
}

/* PTZCmd: A5 0F address instruction pan tilt zoom|address checksum. */
static void ptz_commands(void **state)
{
	char out[17];

	gb_ptz_command(PROTO_CTL_PTZ_LEFT, out);
	assert_string_equal(out, "A50F010280000037");
	gb_ptz_command(PROTO_CTL_PTZ_UP, out);
	assert_string_equal(out, "A50F01080080003D");
	gb_ptz_command(PROTO_CTL_ZOOM_IN, out);
	assert_string_equal(out, "A50F011000008045");
	gb_ptz_command(PROTO_CTL_PTZ_STOP, out);
	assert_string_equal(out, "A50F0100000000B5");
	for (int c = PROTO_CTL_PTZ; c < PROTO_CTL_COUNT; c++) { /* the sum rule, every command */
		unsigned b[8], sum = 0;
		gb_ptz_command((enum proto_control)c, out);
		for (int i = 0; i < 8; i++)
			sscanf(out + 2 * i, "%2x", &b[i]);
		for (int i = 0; i < 7; i++)
			sum += b[i];
		assert_int_equal(b[7], sum % 256);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(digest_rfc2617_example), cmocka_unit_test(nonces),
		cmocka_unit_test(parse_device_alarm), cmocka_unit_test(parse_video_alarm_and_response),
		cmocka_unit_test(encodings), cmocka_unit_test(refused_bodies),
		cmocka_unit_test(build_and_read_back), cmocka_unit_test(framing),
		cmocka_unit_test(message_round_trip), cmocka_unit_test(type_table),
		cmocka_unit_test(ptz_commands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
