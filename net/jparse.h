/* jparse.h — the protocol's own JSON parser. One pass over a frame does
 * what cJSON's parse followed by jr_check_tree did: it checks UTF-8, nesting,
 * members per container, string sizes and duplicate keys, makes every string
 * terminal-safe as text_sanitize does (app/core/text.h), and builds
 * cJSON-shaped nodes in one arena (a few blocks at most), so the strict
 * readers of jsonrd.h read it unchanged and the frame costs one or two
 * allocations instead of two a member.
 *
 * Stricter than cJSON where JSON is: numbers follow RFC 8259 (no "01", "+1"
 * or "1."), blanks are space, tab, CR and LF only. As lenient where the
 * protocol was: a raw control byte inside a string is taken and becomes '?'
 * (tab, CR and LF a space), \u0000 becomes '?'. */
#ifndef JPARSE_H
#define JPARSE_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* The tree of buf[0..len), or NULL with *code (PROTO_E_JSON or PROTO_E_SIZE)
 * and a message in err: "frame is not valid UTF-8", "not JSON (near byte
 * N)", "not JSON (trailing data at byte N)", "nesting deeper than D",
 * "more than M members in one object or array", "KEY: duplicate key",
 * "KEY: string longer than S bytes". A container nested deeper than
 * max_depth (the top one is at 1) may be empty. Out of memory: *code is
 * PROTO_E_INTERNAL. Free the tree with jp_free, never cJSON_Delete. */
cJSON *jp_parse(const char *buf, size_t len, int max_depth, char *err, size_t errlen,
		int *code);
void jp_free(cJSON *root);
/* n bytes (aligned for anything) that live as long as the tree: what a
 * reader fills for its caller beside the tree's strings. NULL when out of
 * memory. */
void *jp_take(cJSON *root, size_t n);

#endif
