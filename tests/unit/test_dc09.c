/* Tests of the DC-09 codec (center/dc09.c, center/dc09_crypt.c) against the
 * test vectors of public implementations (tests/data/dc09-vectors.json, a
 * copy of ../shared/data/dc09/vectors.json): each valid one parses to the
 * fields its source expects, each bad one is refused for its reason; CRC,
 * encryption and time round trips; the timestamp window at its edges; frames
 * merged and split anywhere in a TCP stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/cid.h"
#include "../../center/dc09.h"
#include "../../center/dc09_crypt.h"
#include "../../common/file.h"

static const char *str(cJSON *o, const char *k)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void check_fields(const char *id, struct dc09_frame *f, cJSON *exp)
{
	struct dc09_event ev[DC09_MAX_EVENTS];
	int n = dc09_events(f, ev, DC09_MAX_EVENTS);
	const char *v;
	char want[64];

	if ((v = str(exp, "token")))
		assert_string_equal(f->token_text, v);
	if ((v = str(exp, "sequence")))
		assert_string_equal(f->seq, v);
	if ((v = str(exp, "receiver")))
		assert_string_equal(f->receiver, v);
	if ((v = str(exp, "line")))
		assert_string_equal(f->line, v);
	if ((v = str(exp, "account")))
		assert_string_equal(f->account, v);
	/* The sources differ on what "data" names: the block's whole content
	 * (fioletoven/dc09) or what follows "#acct|" (replicatorbe). */
	if ((v = str(exp, "data")) && strcmp(f->data, v) != 0)
		assert_string_equal(dc09_payload(f), v);
	if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(exp, "xdata"))) {
		cJSON *x = cJSON_GetObjectItemCaseSensitive(exp, "xdata");
		assert_int_equal(f->nxdata, cJSON_GetArraySize(x));
		for (int i = 0; i < f->nxdata; i++)
			assert_string_equal(f->xdata[i], cJSON_GetArrayItem(x, i)->valuestring);
	}
	if ((v = str(exp, "code"))) {
		assert_true(n >= 1);
		assert_string_equal(ev[0].sia, v);
	}
	if ((v = str(exp, "ri"))) {
		assert_true(n >= 1);
		assert_int_equal(ev[0].group, atoi(v));
	}
	if ((v = str(exp, "zone"))) {
		assert_true(n >= 1);
		assert_int_equal(ev[0].number, atoi(v));
	}
	if ((v = str(exp, "event"))) { /* "3400": qualifier and Contact ID code */
		assert_int_equal(n, 1);
		snprintf(want, sizeof want, "%d%s", ev[0].qualifier, ev[0].cid);
		assert_string_equal(want, v);
	}
	if ((v = str(exp, "gg"))) {
		assert_int_equal(n, 1);
		assert_int_equal(ev[0].group, atoi(v));
	}
	if ((v = str(exp, "ack_contains"))) {
		char ack[256], acct[24];
		snprintf(acct, sizeof acct, "#%s", f->account);
		assert_true(dc09_build(ack, sizeof ack, "ACK", f->seq, f->receiver, f->line, acct,
				       "[]") > 0);
		if (strstr(ack, v) == NULL)
			fail_msg("%s: ack %s lacks %s", id, ack, v);
	}
}

static void vectors(void **state)
{
	size_t len;
	char err[200];
	char *text = file_read("tests/data/dc09-vectors.json", 1 << 20, &len, err, sizeof err);
	cJSON *all, *v;
	int nvalid = 0, nbad = 0;

	assert_non_null(text);
	all = cJSON_Parse(text);
	assert_non_null(all);
	cJSON_ArrayForEach(v, all)
	{
		const char *id = str(v, "id"), *frame = str(v, "frame_without_lf_cr"), *key = str(v, "key");
		bool crc_ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "crc_ok"));
		bool len_ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "len_ok"));
		char wire[DC09_MAX_FRAME + 16], hex[8];
		const char *got;
		size_t got_len, used;
		enum dc09_verdict verdict;
		struct dc09_frame f;

		/* The CRC and length the source computed, whatever the frame says. */
		snprintf(hex, sizeof hex, "%04X", dc09_crc(frame + 8, strlen(frame) - 8));
		assert_string_equal(hex, str(v, "calc_crc"));
		snprintf(hex, sizeof hex, "%04X", (unsigned)(strlen(frame) - 8));
		assert_string_equal(hex, str(v, "calc_len"));
		snprintf(wire, sizeof wire, "\n%s\r", frame);
		used = dc09_next(wire, strlen(wire), &got, &got_len, &verdict);
		assert_int_equal(used, strlen(wire));
		if (!len_ok || !crc_ok) {
			/* Refused without a reply: a wrong length is seen first. */
			if (verdict != (!len_ok ? DC09_BAD_LEN : DC09_BAD_CRC))
				fail_msg("%s: verdict %d", id, verdict);
			nbad++;
			continue;
		}
		if (verdict != DC09_OK)
			fail_msg("%s: verdict %d", id, verdict);
		assert_int_equal(dc09_parse(got, got_len, &f), DC09_OK);
		if (key) {
			assert_true(f.encrypted);
			assert_int_equal(dc09_decrypt(&f, key), 0);
			if (str(v, "decrypted_printable")) { /* "ppp…]_18:24:52,07-05-2020" */
				const char *ts = strchr(str(v, "decrypted_printable"), ']') + 1;
				assert_true(f.has_time);
				assert_int_equal(f.time_ms, dc09_time_parse(ts));
			}
		} else {
			assert_false(f.encrypted);
			if (dc09_parse_rest(&f) != DC09_OK)
				fail_msg("%s: rest '%s' not read", id, f.rest);
		}
		check_fields(id, &f, cJSON_GetObjectItemCaseSensitive(v, "expected"));
		nvalid++;
	}
	assert_int_equal(nvalid, 10);
	assert_int_equal(nbad, 3);
	cJSON_Delete(all);
	free(text);
}

static void crc_check_value(void **state)
{
	assert_int_equal(dc09_crc("123456789", 9), 0xBB3D);
	assert_int_equal(dc09_crc("", 0), 0);
}

static void sia_data_variants(void **state)
{
	/* replicatorbe's expectations for SIA-DCS data blocks. */
	static const struct {
		const char *data, *codes; /* "CL5 BA12": code and number of each event */
		int group;
		const char *text;
	} cases[] = {
		{"#1|Nri1/CL5", "CL5", 1, ""},        {"#1|Nri1BA012", "BA12", 1, ""},
		{"#1|NNL2", "NL2", 0, ""},            {"#1|NL2", "NL2", 0, ""},
		{"#1|Nid3/ri2/OP3^Jérôme^", "OP3", 2, "Jérôme"},
		{"#1|Nri1/BA01/BA02", "BA1 BA2", 1, ""}, {"#0123|Nti20:50:26RP99", "RP99", 0, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct dc09_frame f = {.token = DC09_SIA_DCS};
		struct dc09_event ev[DC09_MAX_EVENTS];
		char got[64] = "";
		int n;
		snprintf(f.data, sizeof f.data, "%s", cases[i].data);
		n = dc09_events(&f, ev, DC09_MAX_EVENTS);
		for (int k = 0; k < n; k++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s%d", k ? " " : "",
				 ev[k].sia, ev[k].number);
		if (strcmp(got, cases[i].codes) != 0)
			fail_msg("%s: got '%s', want '%s'", cases[i].data, got, cases[i].codes);
		assert_int_equal(ev[0].group, cases[i].group);
		assert_string_equal(ev[n - 1].text, cases[i].text);
	}
}

static void contact_id_to_sia(void **state)
{
	/* What the one table (data/contact_id_codes.csv, after pysiaalarm's
	 * mapping) says; replicatorbe differs on 3441 (NL) and 1384 (XT), which
	 * the CSV leaves as CG and none. */
	int restore = -1;
	assert_string_equal(cid_lookup("401")->sia_new, "OP");
	assert_string_equal(cid_lookup("401")->sia_restore, "CL");
	assert_string_equal(cid_lookup("130")->sia_new, "BA");
	assert_string_equal(cid_of_sia("BA", &restore)->code, "130");
	assert_int_equal(restore, 0);
	assert_string_equal(cid_of_sia("CL", &restore)->code, "400"); /* the first O/C code */
	assert_int_equal(restore, 1);
	assert_string_equal(cid_of_sia("RP", &restore)->code, "602");
	assert_null(cid_of_sia("Q!", &restore));
}

static void adm_cid_events(void **state)
{
	struct dc09_frame f = {.token = DC09_ADM_CID};
	struct dc09_event ev[2];

	snprintf(f.data, sizeof f.data, "#4F39|3401 01 057");
	assert_int_equal(dc09_events(&f, ev, 2), 1);
	assert_string_equal(ev[0].cid, "401");
	assert_int_equal(ev[0].qualifier, 3);
	assert_int_equal(ev[0].group, 1);
	assert_int_equal(ev[0].number, 57);
	snprintf(f.data, sizeof f.data, "#4F39|E130 02 012"); /* a vendor's E = new */
	assert_int_equal(dc09_events(&f, ev, 2), 1);
	assert_int_equal(ev[0].qualifier, 1);
	snprintf(f.data, sizeof f.data, "#4F39|7130 02 012"); /* no such qualifier */
	assert_int_equal(dc09_events(&f, ev, 2), -1);
	snprintf(f.data, sizeof f.data, "#4F39|1130 2 12");
	assert_int_equal(dc09_events(&f, ev, 2), -1);
	f.token = DC09_NULL;
	assert_int_equal(dc09_events(&f, ev, 2), 0);
}

static void encryption_round_trips(void **state)
{
	static const char *const keys[] = {"0123456789ABCDEF", "0123456789ABCDEF01234567",
					   "0123456789ABCDEF0123456789ABCDEF"};
	for (size_t i = 0; i < 3; i++) {
		char body[512], frame[1100], ts[22];
		const char *got;
		size_t got_len;
		enum dc09_verdict verdict;
		struct dc09_frame f;
		dc09_time_format(1796094000000LL, ts);
		snprintf(frame, sizeof frame, "|#A1B2|Nri1/BA012][X012W34.1]%s", ts);
		assert_true(dc09_encrypt(keys[i], frame, body, sizeof body) > 0);
		assert_true(dc09_build(frame, sizeof frame, "*SIA-DCS", "0042", "R1", "L2", "#A1B2",
				       body) > 0);
		dc09_next(frame, strlen(frame), &got, &got_len, &verdict);
		assert_int_equal(verdict, DC09_OK);
		assert_int_equal(dc09_parse(got, got_len, &f), DC09_OK);
		assert_true(f.encrypted);
		{
			/* The same length, another key: refused, and f left to try again. */
			struct dc09_frame g = f;
			char wrong[40];
			snprintf(wrong, sizeof wrong, "%s", keys[i]);
			wrong[0] = wrong[0] == 'F' ? 'E' : 'F';
			assert_int_equal(dc09_decrypt(&g, wrong), -1);
		}
		assert_int_equal(dc09_decrypt(&f, keys[i]), 0);
		assert_string_equal(f.data, "#A1B2|Nri1/BA012");
		assert_int_equal(f.nxdata, 1);
		assert_int_equal(f.time_ms, 1796094000000LL);
	}
	assert_false(dc09_key_ok("short"));
	assert_true(dc09_key_ok("0123456789ABCDEF"));
}

static void time_format_and_window(void **state)
{
	char ts[22];
	int64_t now = 1796094000000LL; /* 2026-12-01 03:00:00 UTC */

	dc09_time_format(now, ts);
	assert_string_equal(ts, "_03:00:00,12-01-2026");
	assert_int_equal(dc09_time_parse(ts), now);
	assert_int_equal(dc09_time_parse("_14:12:04,09-25-2026"), 1790345524000LL);
	assert_int_equal(dc09_time_parse("_24:00:00,09-25-2026"), -1);
	assert_int_equal(dc09_time_parse("_14:12:04,13-25-2026"), -1);
	assert_int_equal(dc09_time_parse("14:12:04,09-25-2026x"), -1);
	assert_true(dc09_time_ok(now - 40000, now));
	assert_false(dc09_time_ok(now - 41000, now));
	assert_true(dc09_time_ok(now - 39000, now));
	assert_true(dc09_time_ok(now + 20000, now));
	assert_false(dc09_time_ok(now + 21000, now));
}

/* Two frames and some noise, cut at every point into two reads. */
static void stream_split_and_merged(void **state)
{
	char a[256], b[256], stream[600];
	size_t la = dc09_build(a, sizeof a, "SIA-DCS", "0001", "", "L0", "#1234", "[#1234|NBA1]");
	size_t lb = dc09_build(b, sizeof b, "ADM-CID", "0002", "R1", "L0", "#1234",
			       "[#1234|1130 01 012]");
	size_t total = (size_t)snprintf(stream, sizeof stream, "xx%s%s", a, b);

	assert_true(la > 0 && lb > 0);
	for (size_t cut = 0; cut <= total; cut++) {
		char buf[600];
		size_t have = 0, seen = 0;
		for (int part = 0; part < 2; part++) {
			size_t from = part ? cut : 0, to = part ? total : cut;
			memcpy(buf + have, stream + from, to - from);
			have += to - from;
			for (;;) {
				const char *fr;
				size_t fl, used;
				enum dc09_verdict verdict;
				used = dc09_next(buf, have, &fr, &fl, &verdict);
				if (verdict == DC09_OK)
					seen++;
				else
					assert_int_equal(verdict, DC09_NEED_MORE);
				memmove(buf, buf + used, have - used);
				have -= used;
				if (verdict == DC09_NEED_MORE)
					break;
			}
		}
		if (seen != 2)
			fail_msg("cut at %zu: %zu frames", cut, seen);
	}
}

static void caps_and_garbage(void **state)
{
	char big[DC09_MAX_FRAME + 64];
	const char *fr;
	size_t fl;
	enum dc09_verdict verdict;

	memset(big, 'A', sizeof big);
	big[0] = '\n';
	/* No CR within the cap: dropped, not kept forever. */
	assert_int_equal(dc09_next(big, sizeof big, &fr, &fl, &verdict), sizeof big);
	assert_int_equal(verdict, DC09_TOO_LONG);
	assert_int_equal(dc09_next("garbage", 7, &fr, &fl, &verdict), 7);
	assert_int_equal(verdict, DC09_NEED_MORE);
	/* CRC and length right, not DC-09 inside: DUH. */
	{
		char f[64];
		snprintf(f, sizeof f, "\n%04X%04X%s\r", dc09_crc("hello", 5), 5, "hello");
		dc09_next(f, strlen(f), &fr, &fl, &verdict);
		assert_int_equal(verdict, DC09_BAD_FORMAT);
	}
	/* A terminal escape inside an otherwise good frame: refused (DUH). */
	{
		char f[128];
		const char *span = "\"SIA-DCS\"0001L0#1234[#1234|NBA1^\x1b[2J^]";
		snprintf(f, sizeof f, "\n%04X%04X%s\r", dc09_crc(span, strlen(span)),
			 (unsigned)strlen(span), span);
		dc09_next(f, strlen(f), &fr, &fl, &verdict);
		assert_int_equal(verdict, DC09_BAD_FORMAT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors),
		cmocka_unit_test(crc_check_value),
		cmocka_unit_test(sia_data_variants),
		cmocka_unit_test(contact_id_to_sia),
		cmocka_unit_test(adm_cid_events),
		cmocka_unit_test(encryption_round_trips),
		cmocka_unit_test(time_format_and_window),
		cmocka_unit_test(stream_split_and_merged),
		cmocka_unit_test(caps_and_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
