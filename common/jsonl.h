/* jsonl.h — JSON-Lines files (scenarios, drills, center recordings): one JSON
 * object per line; blank lines and lines whose first non-blank character is
 * '#' are comments. One reader, so every such file has the same rules and
 * the same "path:line:column: what" errors. */
#ifndef COMMON_JSONL_H
#define COMMON_JSONL_H

#include <cjson/cJSON.h>
#include <stddef.h>

#define JSONL_MAX_LINE (1u << 20) /* bytes of one line */

/* Called for each object line. Returns 0, or non-zero after writing what is
 * wrong with the line into why (jsonl_read prefixes "path:line: "). */
typedef int (*jsonl_fn)(void *ctx, cJSON *obj, char *why, size_t whylen);

struct jsonl_opts {
	size_t max_file;    /* bytes of the whole file */
	int max_depth;      /* > 0: the tree is checked and sanitised (jr_check_tree) */
};

/* Reads path and calls fn for each object line in order. Returns 0, AD_EIO
 * (the file cannot be read), AD_EINVAL (a line that is not one JSON object,
 * too long, too deep) or the first non-zero code fn returned; err says
 * where ("path:line:column: …" for a syntax error). */
int jsonl_read(const char *path, const struct jsonl_opts *o, jsonl_fn fn, void *ctx, char *err,
	       size_t errlen);

#endif
