/* Tests of net/jparse.c: the same trees as cJSON's parse followed by
 * jr_check_tree on every frame the project writes and on hand-made hostile
 * ones, the same refusals with the same messages, and cJSON's conventions
 * kept so that its readers work on the result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/sites.h"
#include "../../net/jparse.h"
#include "../../net/jsonrd.h"
#include "../../net/proto.h"

/* The tree as the decoder saw it before jparse: cJSON, then the checks. */
static cJSON *reference(const char *s, size_t len)
{
	char err[200];
	cJSON *t = cJSON_ParseWithLength(s, len);

	if (t != NULL && jr_check_tree(t, 1, PROTO_MAX_DEPTH, err, sizeof err)) {
		cJSON_Delete(t);
		t = NULL;
	}
	return t;
}

/* Same shape, names, values and order; and cJSON's links (prev of the
 * first is the last, prev of the others the one before). */
static void assert_same(const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y, *before = NULL;

	assert_int_equal(a->type & 0xff, b->type & 0xff);
	if (a->string || b->string)
		assert_string_equal(a->string, b->string);
	if (cJSON_IsString(a))
		assert_string_equal(a->valuestring, b->valuestring);
	if (cJSON_IsNumber(a)) {
		assert_true(a->valuedouble == b->valuedouble);
		assert_int_equal(a->valueint, b->valueint);
	}
	for (x = a->child, y = b->child; x && y; before = y, x = x->next, y = y->next) {
		assert_same(x, y);
		if (before != NULL)
			assert_ptr_equal(y->prev, before);
	}
	assert_null(x);
	assert_null(y);
	if (b->child != NULL)
		assert_ptr_equal(b->child->prev, before);
}

static void check_like_cjson(const char *s)
{
	char err[200];
	int code = 0;
	cJSON *want = reference(s, strlen(s));
	cJSON *got = jp_parse(s, strlen(s), PROTO_MAX_DEPTH, err, sizeof err, &code);

	if (got == NULL)
		fail_msg("refused %.80s: %s", s, err);
	assert_non_null(want);
	assert_same(want, got);
	cJSON_Delete(want);
	jp_free(got);
}

/* Every alarm frame of the demo's sites, a plans message, and values of
 * every kind. */
static void same_trees_as_cjson(void **state)
{
	struct sites s;
	char err[256];
	static const char *const values[] = {
	    "{}",
	    "[]",
	    "{\"a\":[],\"b\":{},\"c\":[[],[{}]]}",
	    "[0,-0,7,-12,123456789012345,1234567890123456789,1.5,-2.25e3,1E-2,0.1,"
	    "9007199254740993]",
	    "[true,false,null,\"\"]",
	    "{\"s\":\"\\u00e9\\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u4e2d\\u6587\"}",
	    "{\"bidi\":\"a\\u202eb\\u200bc\\ufeffd\\u2066e\\u061c\",\"raw\":\"a\xe2\x80\xae"
	    "b\"}",
	    "{\"esc\":\"\\u001b[31m\\u007f\\u0085\",\"c1\":\"\xc2\x85\xc2\x9b\"}",
	    " \t\r\n{ \"k\" : [ 1 , 2 ] , \"中文\" : \"报警\" } \n",
	    "{\"big\":2147483648,\"small\":-2147483649,\"exp\":1e400}",
	};

	for (size_t i = 0; i < sizeof values / sizeof *values; i++)
		check_like_cjson(values[i]);
	assert_int_equal(sites_load(&s, "data/demo", err, sizeof err), 0);
	for (size_t i = 0; i < s.n; i++) {
		const struct site *st = &s.v[i];
		for (int z = 0; z < st->nzones; z++) {
			struct alarm a;
			char *f;
			site_make_alarm(&s, st, st->zones[z].no, z % 2 ? "130" : "120",
					ALARM_CHANNEL_IP, &a);
			a.received_ms = a.occurred_ms = 1763690000000 + z;
			f = proto_encode_alarm(&a, (uint64_t)z + 1);
			check_like_cjson(f);
			free(f);
		}
	}
	{
		FILE *p = fopen("data/demo/plans.json", "r");
		static char buf[PROTO_MAX_FRAME * 4];
		size_t n = p ? fread(buf, 1, sizeof buf - 1, p) : 0;
		assert_non_null(p);
		fclose(p);
		buf[n] = '\0';
		check_like_cjson(buf);
	}
	sites_release(&s);
}

/* What the sanitiser leaves of hostile strings, and NULs: "?" for
 * controls, nothing for bidi and zero-width, a blank for tab and newline. */
static void strings_come_out_terminal_safe(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"[\"\\u001b[2J\"]", "?[2J"},
	    {"[\"a\\u202eb\\u200fc\"]", "abc"},
	    {"[\"a\\u0000b\"]", "a?b"},
	    {"[\"tab\\there\\nnext\"]", "tab here next"},
	    {"[\"\xc2\x9b"
	     "31m\"]",
	     "?31m"},
	    {"[\"\x1b]0;x\x07\"]", "?]0;x?"},
	    {"[\"\xef\xbb\xbfok\"]", "ok"},
	    {"[\"\\ud83d\\ude00\"]", "\xf0\x9f\x98\x80"},
	};
	char err[200];
	int code;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cJSON *t = jp_parse(cases[i].in, strlen(cases[i].in), 8, err, sizeof err, &code);
		assert_non_null(t);
		assert_string_equal(t->child->valuestring, cases[i].out);
		jp_free(t);
	}
	{
		/* a raw NUL inside a string, which strlen would stop at */
		static const char nul[] = "[\"a\0b\"]";
		cJSON *t = jp_parse(nul, sizeof nul - 1, 8, err, sizeof err, &code);
		assert_non_null(t);
		assert_string_equal(t->child->valuestring, "a?b");
		jp_free(t);
	}
}

static void refused(const char *s, size_t len, int want_code, const char *want_err)
{
	char err[200] = "";
	int code = 0;
	cJSON *t = jp_parse(s, len, PROTO_MAX_DEPTH, err, sizeof err, &code);

	if (t != NULL)
		fail_msg("took %.80s", s);
	assert_int_equal(code, want_code);
	assert_string_equal(err, want_err);
}

#define REFUSED(s, code, msg) refused(s, sizeof(s) - 1, code, msg)

static void refuses_what_is_not_json(void **state)
{
	REFUSED("", PROTO_E_JSON, "not JSON (near byte 0)");
	REFUSED("{", PROTO_E_JSON, "not JSON (near byte 1)");
	REFUSED("{\"a\":1", PROTO_E_JSON, "not JSON (near byte 6)");
	REFUSED("{\"a\":1}x", PROTO_E_JSON, "not JSON (trailing data at byte 7)");
	REFUSED("{\"a\":1}{}", PROTO_E_JSON, "not JSON (trailing data at byte 7)");
	REFUSED("{\"a\" 1}", PROTO_E_JSON, "not JSON (near byte 5)");
	REFUSED("{a:1}", PROTO_E_JSON, "not JSON (near byte 1)");
	REFUSED("[1,]", PROTO_E_JSON, "not JSON (near byte 3)");
	REFUSED("[01]", PROTO_E_JSON, "not JSON (near byte 2)");
	REFUSED("[+1]", PROTO_E_JSON, "not JSON (near byte 1)");
	REFUSED("[1.]", PROTO_E_JSON, "not JSON (near byte 3)");
	REFUSED("[.5]", PROTO_E_JSON, "not JSON (near byte 1)");
	REFUSED("[1e]", PROTO_E_JSON, "not JSON (near byte 3)");
	REFUSED("[tru]", PROTO_E_JSON, "not JSON (near byte 1)");
	REFUSED("[\"abc]", PROTO_E_JSON, "not JSON (near byte 6)");
	REFUSED("[\"\\x\"]", PROTO_E_JSON, "not JSON (near byte 3)");
	REFUSED("[\"\\u12\"]", PROTO_E_JSON, "not JSON (near byte 3)");
	REFUSED("[\"\\udc00\"]", PROTO_E_JSON, "not JSON (near byte 3)");
	REFUSED("[\"\\ud800\"]", PROTO_E_JSON, "not JSON (near byte 3)");
	REFUSED("[\"\\ud800\\u0041\"]", PROTO_E_JSON, "not JSON (near byte 3)");
	REFUSED("[1]\x00", PROTO_E_JSON, "not JSON (trailing data at byte 3)");
	REFUSED("\x0c[1]", PROTO_E_JSON, "not JSON (near byte 0)");
	/* not UTF-8: said so, wherever the byte is */
	REFUSED("[\"a\xff\"]", PROTO_E_JSON, "frame is not valid UTF-8");
	REFUSED("[\"\xed\xa0\x80\"]", PROTO_E_JSON, "frame is not valid UTF-8");
	REFUSED("[\"\xe4\xb8\"]", PROTO_E_JSON, "frame is not valid UTF-8");
	REFUSED("[1]\xc0", PROTO_E_JSON, "frame is not valid UTF-8");
	REFUSED("{\"a\":1,\"a\":2,\"\xff\":0}", PROTO_E_JSON, "frame is not valid UTF-8");
}

static void refuses_trees_over_the_caps(void **state)
{
	static char buf[PROTO_MAX_FRAME];
	char *w;

	REFUSED("{\"a\":1,\"b\":2,\"a\":3}", PROTO_E_JSON, "a: duplicate key");
	REFUSED("{\"o\":{\"x\":[],\"x\":{}}}", PROTO_E_JSON, "x: duplicate key");
	/* a syntax error after a duplicate key is told first, as before */
	REFUSED("{\"a\":1,\"a\":2", PROTO_E_JSON, "not JSON (near byte 12)");
	/* 8 levels of nesting may hold things; a 9th only when empty */
	REFUSED("[[[[[[[[[1]]]]]]]]]", PROTO_E_SIZE, "nesting deeper than 8");
	{
		char err[200];
		int code;
		const char *ok = "[[[[[[[[1,[]]]]]]]]]";
		cJSON *t = jp_parse(ok, strlen(ok), PROTO_MAX_DEPTH, err, sizeof err, &code);
		assert_non_null(t);
		jp_free(t);
	}
	/* 256 members, then 257 */
	w = buf + sprintf(buf, "[0");
	for (int i = 1; i < PROTO_MAX_ITEMS; i++)
		w += sprintf(w, ",%d", i);
	strcpy(w, "]");
	check_like_cjson(buf);
	strcpy(w, ",1]");
	refused(buf, strlen(buf), PROTO_E_SIZE, "more than 256 members in one object or array");
	/* a string of 1 024 bytes, then 1 025; counted before sanitising (a
	 * string of bidi marks is refused although nothing is left of it) */
	w = buf + sprintf(buf, "{\"name\":\"");
	memset(w, 'x', PROTO_MAX_STRING);
	strcpy(w + PROTO_MAX_STRING, "\"}");
	check_like_cjson(buf);
	memset(w, 'x', PROTO_MAX_STRING + 1);
	strcpy(w + PROTO_MAX_STRING + 1, "\"}");
	refused(buf, strlen(buf), PROTO_E_SIZE, "name: string longer than 1024 bytes");
	w = buf + sprintf(buf, "[\"");
	for (int i = 0; i < 342; i++)
		w += sprintf(w, "\\u202e");
	strcpy(w, "\"]");
	refused(buf, strlen(buf), PROTO_E_SIZE, "[]: string longer than 1024 bytes");
}

/* A frame of 64 KiB of small objects takes several blocks; cJSON's own
 * readers and printer work on the tree. */
static void big_frames_and_cjson_readers(void **state)
{
	static char buf[PROTO_MAX_FRAME];
	char err[200], *printed;
	int code, n = 0;
	cJSON *t, *arr;
	size_t len = (size_t)sprintf(buf, "{\"type\":\"x\",\"v\":[");

	while (len < sizeof buf - 64 && n < PROTO_MAX_ITEMS) {
		len +=
		    (size_t)sprintf(buf + len, "%s{\"n\":%d,\"s\":\"%0200d\"}", n ? "," : "", n, n);
		n++;
	}
	len += (size_t)sprintf(buf + len, "]}");
	t = jp_parse(buf, len, PROTO_MAX_DEPTH, err, sizeof err, &code);
	assert_non_null(t);
	arr = cJSON_GetObjectItemCaseSensitive(t, "v");
	assert_int_equal(cJSON_GetArraySize(arr), n);
	assert_int_equal(
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(arr, n - 1), "n")->valueint, n - 1);
	printed = cJSON_PrintUnformatted(t);
	assert_non_null(printed);
	assert_string_equal(printed, buf);
	free(printed);
	jp_free(t);
	check_like_cjson(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(same_trees_as_cjson),
	    cmocka_unit_test(strings_come_out_terminal_safe),
	    cmocka_unit_test(refuses_what_is_not_json),
	    cmocka_unit_test(refuses_trees_over_the_caps),
	    cmocka_unit_test(big_frames_and_cjson_readers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
