/* Tests of app/core/text.c: UTF-8, sanitising, widths, fitting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../app/core/text.h"

static void utf8_valid_and_invalid(void **state)
{
	assert_true(text_utf8_valid("abc", 3));
	assert_true(text_utf8_valid("中文", strlen("中文")));
	assert_false(text_utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
	assert_false(text_utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
	assert_false(text_utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(text_utf8_valid("\xE4\xB8", 2));         /* truncated */
	assert_false(text_utf8_valid("\xFF", 1));
}

/* A character cut by snprintf becomes '?'; valid text is left alone. */
static void utf8_repair_cut_characters(void **state)
{
	char cut[16];

	snprintf(cut, 6, "%s", "报警中心"); /* 5 bytes: 报 and 2 of 3 bytes of 警 */
	assert_int_equal(text_utf8_repair(cut, strlen(cut)), 2);
	assert_string_equal(cut, "报??");
	assert_true(text_utf8_valid(cut, strlen(cut)));
	snprintf(cut, sizeof cut, "%s", "a\xff报b");
	assert_int_equal(text_utf8_repair(cut, strlen(cut)), 1);
	assert_string_equal(cut, "a?报b");
}

static void sanitize_controls_and_bidi(void **state)
{
	char s[64];
	size_t n;

	strcpy(s, "a\x1b[31mb\x07");
	n = text_sanitize(s, strlen(s));
	assert_string_equal(s, "a?[31mb?");
	assert_int_equal(n, 8);
	strcpy(s, "x\xe2\x80\xaey\xe2\x80\x8bz"); /* RLO and ZWSP removed */
	n = text_sanitize(s, strlen(s));
	assert_int_equal(n, 3);
	assert_memory_equal(s, "xyz", 3);
	strcpy(s, "p\xc2\x9bq\tr\n"); /* C1 CSI and tab/newline */
	n = text_sanitize(s, strlen(s));
	assert_memory_equal(s, "p?q r ", n);
	strcpy(s, "ok\xff");
	n = text_sanitize(s, strlen(s));
	assert_memory_equal(s, "ok?", n);
}

static void widths(void **state)
{
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("中文告警"), 8);
	assert_int_equal(text_width("ａ"), 2);           /* fullwidth A */
	assert_int_equal(text_width("e\xcc\x81"), 1);     /* e + combining acute */
	assert_int_equal(text_width("\xf0\x9f\x94\x94"), 2); /* bell emoji */
	assert_int_equal(text_cp_width(0x3000), 2);
}

static void fit_pads_and_clips_by_columns(void **state)
{
	char out[64];

	text_fit(out, sizeof out, "ab", 5, true);
	assert_string_equal(out, "ab   ");
	text_fit(out, sizeof out, "中文告警", 5, false);
	assert_string_equal(out, "中文 "); /* the third wide char does not fit */
	assert_int_equal(text_width(out), 5);
	text_fit(out, sizeof out, "中文告警", 6, true);
	assert_string_equal(out, "中文~ ");
	assert_int_equal(text_width(out), 6);
	text_fit(out, sizeof out, "abcdef", 4, true);
	assert_string_equal(out, "abc~");
	text_fit(out, 4, "中文告警", 10, false); /* tiny buffer: never overflows */
	assert_true(strlen(out) < 4);
}

/* Found by tests/fuzz/fuzz_text: zero-width marks filled the buffer and left
 * no room for the padding, so the row came out short. */
static void fit_zero_width_flood_keeps_width(void **state)
{
	char in[1024] = "", out[64];

	for (int i = 0; i < 300; i++)
		strcat(in, "\xd6\x96"); /* U+0596, a combining mark */
	strcat(in, "abc");
	text_fit(out, sizeof out, in, 20, true);
	assert_int_equal(text_width(out), 20);
	assert_true(strlen(out) < sizeof out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_valid_and_invalid),
		cmocka_unit_test(sanitize_controls_and_bidi),
		cmocka_unit_test(utf8_repair_cut_characters),
		cmocka_unit_test(widths),
		cmocka_unit_test(fit_pads_and_clips_by_columns),
		cmocka_unit_test(fit_zero_width_flood_keeps_width),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
