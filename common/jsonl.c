/* jsonl.c — the one JSON-Lines reader (common/jsonl.h). */
#include "jsonl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "../net/jsonrd.h"
#include "file.h"

/* One line: 0, or an error written to err with its place. */
static int one_line(const char *path, int lineno, char *line, size_t len,
		    const struct jsonl_opts *o, jsonl_fn fn, void *ctx, char *err, size_t errlen)
{
	const char *end = NULL;
	char why[300];
	cJSON *obj;
	int rc;

	if (len > JSONL_MAX_LINE) {
		ad_err(err, errlen, "%s:%d: line of %zu bytes (at most %u)", path, lineno, len,
		       JSONL_MAX_LINE);
		return AD_EINVAL;
	}
	obj = cJSON_ParseWithLengthOpts(line, len, &end, 0);
	if (obj == NULL) {
		size_t col = end && end >= line ? (size_t)(end - line) + 1 : 1;
		ad_err(err, errlen, "%s:%d:%zu: not valid JSON", path, lineno, col);
		return AD_EINVAL;
	}
	end += strspn(end, " \t\r");
	/* Columns count bytes from 1, as editors and compilers do. */
	if (!cJSON_IsObject(obj) || (size_t)(end - line) < len) {
		ad_err(err, errlen, "%s:%d:%zu: %s", path, lineno, (size_t)(end - line) + 1,
		       cJSON_IsObject(obj) ? "text after the object" : "not a JSON object");
		cJSON_Delete(obj);
		return AD_EINVAL;
	}
	rc = o->max_depth > 0 && jr_check_tree(obj, 1, o->max_depth, why, sizeof why) ? AD_EINVAL : 0;
	if (rc == 0)
		rc = fn(ctx, obj, why, sizeof why);
	cJSON_Delete(obj);
	if (rc)
		ad_err(err, errlen, "%s:%d: %s", path, lineno, why);
	return rc;
}

int jsonl_read(const char *path, const struct jsonl_opts *o, jsonl_fn fn, void *ctx, char *err,
	       size_t errlen)
{
	size_t len;
	char *text = file_read(path, o->max_file, &len, err, errlen), *line, *next;
	int lineno = 0, rc = 0;

	if (text == NULL)
		return AD_EIO;
	/* Split by hand: strtok would skip empty lines and break line numbers. */
	for (line = text; line && rc == 0; line = next) {
		size_t indent;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		indent = strspn(line, " \t\r");
		if (line[indent] == '\0' || line[indent] == '#')
			continue;
		rc = one_line(path, lineno, line, strlen(line), o, fn, ctx, err, errlen);
	}
	free(text);
	return rc;
}
