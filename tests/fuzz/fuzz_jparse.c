/* libFuzzer target: the protocol's JSON parser against cJSON on arbitrary
 * bytes. What jparse takes, cJSON followed by jr_check_tree takes too, with
 * the same tree (jparse is stricter on numbers and blanks, and sanitises keys too); every
 * string it leaves is UTF-8 without controls. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/text.h"
#include "../../net/jparse.h"
#include "../../net/jsonrd.h"
#include "../../net/proto.h"

/* jparse also makes keys terminal-safe (they may be quoted in errors). */
static bool same_key(const char *a, const char *b)
{
	char *k = strdup(a);
	bool eq;

	k[text_sanitize(k, strlen(k))] = '\0';
	eq = strcmp(k, b) == 0;
	free(k);
	return eq;
}

static void same(const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;

	if ((a->type & 0xff) != (b->type & 0xff) || (!a->string) != (!b->string) ||
	    (a->string && !same_key(a->string, b->string)))
		abort();
	if (cJSON_IsString(b)) {
		const unsigned char *p = (const unsigned char *)b->valuestring;
		if (strcmp(a->valuestring, b->valuestring) != 0 ||
		    !text_utf8_valid(b->valuestring, strlen(b->valuestring)))
			abort();
		for (; *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				abort();
	}
	if (cJSON_IsNumber(b) && a->valuedouble != b->valuedouble)
		abort();
	for (x = a->child, y = b->child; x && y; x = x->next, y = y->next)
		same(x, y);
	if (x || y)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char err[200];
	int code;
	cJSON *got = jp_parse(s, size, PROTO_MAX_DEPTH, err, sizeof err, &code), *want;

	/* cJSON reads a NUL as the end, and a \u0000 as one: those the old
	 * decoder turned into '?' before parsing, which jparse does itself. */
	if (got == NULL || memchr(s, 0, size) || memmem(s, size, "\\u0000", 6)) {
		jp_free(got);
		return 0;
	}
	want = cJSON_ParseWithLength(s, size);
	if (want == NULL || jr_check_tree(want, 1, PROTO_MAX_DEPTH, err, sizeof err))
		abort();
	if (cJSON_IsString(want)) /* jr_check_tree sanitises members, not a lone top */
		text_sanitize(want->valuestring, strlen(want->valuestring));
	same(want, got);
	cJSON_Delete(want);
	jp_free(got);
	return 0;
}
