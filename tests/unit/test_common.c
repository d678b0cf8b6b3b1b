/* Tests of common/: whole-file reading with caps and the one JSON-Lines
 * reader, on real files in a temp dir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../app/core/ad.h"
#include "../../common/file.h"
#include "../../common/jsonl.h"

static char path[64];

static int setup(void **state)
{
	int fd;
	snprintf(path, sizeof path, "/tmp/ad-common-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	return unlink(path);
}

static void write_bytes(const char *bytes, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	fclose(f);
}

static void file_read_caps_and_text_only(void **state)
{
	char err[200];
	size_t len = 0;
	char *s;

	write_bytes("hello\n", 6);
	s = file_read(path, 100, &len, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(len, 6);
	assert_string_equal(s, "hello\n");
	free(s);
	assert_null(file_read(path, 5, &len, err, sizeof err));
	assert_non_null(strstr(err, "file too large"));
	write_bytes("ab\0cd", 5);
	assert_null(file_read(path, 100, &len, err, sizeof err));
	assert_non_null(strstr(err, "a NUL byte at offset 2"));
	assert_null(file_read("/nonexistent/x", 100, &len, err, sizeof err));
	assert_non_null(strstr(err, "cannot open '/nonexistent/x'"));
}

struct seen {
	int n;
	char names[8][16];
	int refuse_at; /* 1-based object index the callback refuses, 0: none */
};

static int collect(void *ctx, cJSON *o, char *why, size_t whylen)
{
	struct seen *s = ctx;
	cJSON *n = cJSON_GetObjectItemCaseSensitive(o, "n");

	s->n++;
	if (s->n == s->refuse_at) {
		snprintf(why, whylen, "n: refused");
		return AD_EINVAL;
	}
	snprintf(s->names[s->n - 1], sizeof s->names[0], "%s",
		 cJSON_IsString(n) ? n->valuestring : "?");
	return 0;
}

static int read_text(const char *text, struct seen *s, char *err, size_t errlen)
{
	static const struct jsonl_opts o = {.max_file = 4 << 20, .max_depth = 2};
	write_bytes(text, strlen(text));
	memset(s->names, 0, sizeof s->names);
	s->n = 0;
	return jsonl_read(path, &o, collect, s, err, errlen);
}

static void jsonl_skips_comments_and_blank_lines(void **state)
{
	struct seen s = {0};
	char err[200] = "";

	assert_int_equal(read_text("# a comment\n\n  {\"n\":\"a\"}\r\n   # indented comment\n"
				   "\t\n{\"n\":\"b\"}",
				   &s, err, sizeof err),
			 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.names[0], "a");
	assert_string_equal(s.names[1], "b");
}

static void jsonl_errors_name_line_and_column(void **state)
{
	struct seen s = {0};
	char err[200];

	/* Line 3: cJSON gives up at column 9, past the second comma. */
	assert_int_equal(read_text("{\"n\":\"a\"}\n\n{\"n\":1,,}\n", &s, err, sizeof err),
			 AD_EINVAL);
	assert_int_equal(s.n, 1);
	assert_non_null(strstr(err, ":3:9: not valid JSON"));
	assert_int_equal(read_text("[1,2]\n", &s, err, sizeof err), AD_EINVAL);
	assert_non_null(strstr(err, ":1:6: not a JSON object"));
	assert_int_equal(read_text("{\"n\":\"a\"} {\"n\":\"b\"}\n", &s, err, sizeof err), AD_EINVAL);
	assert_non_null(strstr(err, ":1:11: text after the object"));
	assert_int_equal(read_text("{\"n\":{\"x\":{\"y\":1}}}\n", &s, err, sizeof err), AD_EINVAL);
	assert_non_null(strstr(err, ":1: "));
	assert_int_equal(s.n, 0); /* too deep: never handed to the callback */
}

static void jsonl_callback_refusal_stops_with_its_place(void **state)
{
	struct seen s = {.refuse_at = 2};
	char err[200];

	assert_int_equal(read_text("{\"n\":\"a\"}\n# c\n{\"n\":\"b\"}\n{\"n\":\"c\"}\n", &s, err,
				   sizeof err),
			 AD_EINVAL);
	assert_int_equal(s.n, 2); /* the third object is not read */
	assert_non_null(strstr(err, ":3: n: refused"));
	assert_int_equal(strncmp(err, path, strlen(path)), 0);
}

static void jsonl_line_cap(void **state)
{
	struct seen s = {0};
	char err[200];
	size_t n = JSONL_MAX_LINE + 16;
	char *big = malloc(n + 1);

	assert_non_null(big);
	memset(big, ' ', n);
	memcpy(big, "{\"n\":\"", 6);
	memcpy(big + n - 3, "\"}\n", 3);
	for (size_t i = 6; i < n - 3; i++)
		big[i] = 'x';
	big[n] = '\0';
	assert_int_equal(read_text(big, &s, err, sizeof err), AD_EINVAL);
	assert_non_null(strstr(err, ":1: line of"));
	assert_int_equal(s.n, 0);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(file_read_caps_and_text_only, setup, teardown),
		cmocka_unit_test_setup_teardown(jsonl_skips_comments_and_blank_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(jsonl_errors_name_line_and_column, setup, teardown),
		cmocka_unit_test_setup_teardown(jsonl_callback_refusal_stops_with_its_place, setup,
						teardown),
		cmocka_unit_test_setup_teardown(jsonl_line_cap, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
