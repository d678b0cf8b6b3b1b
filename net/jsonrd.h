/* jsonrd.h — strict readers over a cJSON tree, shared by the protocol codec
 * and the center's data and scenario loaders: each names the failing field
 * by its path ("alarm.customer.name: expected a string"). */
#ifndef JSONRD_H
#define JSONRD_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where errors go, and the path of the object being read ("" at the top).
 * The getters remember where they found a member: the next one asked of
 * the same object is looked for after it first, so an object read in the
 * order it was written costs one comparison a member (jr_check_tree has
 * refused duplicate keys; without it, a key given twice may read as either). */
struct jr {
	char *err;
	size_t errlen;
	const char *path;
	cJSON *obj, *next; /* the object last read, the member after the one found */
};

/* Returns a non-zero code (PROTO_E_FIELD) after writing "path.field: what". */
int jr_fail(const struct jr *r, const char *field, const char *what);

/* One pass over the whole tree: depth ≤ max_depth, ≤ PROTO_MAX_ITEMS members
 * per container, strings ≤ PROTO_MAX_STRING bytes, no duplicate keys; every
 * string is sanitised in place (app/core/text.h). */
int jr_check_tree(cJSON *node, int depth, int max_depth, char *err, size_t errlen);

cJSON *jr_member(cJSON *obj, const char *name);
/* Each getter returns 0 or PROTO_E_FIELD. Absent optional strings read as "". */
int jr_str(struct jr *r, cJSON *obj, const char *name, bool required, const char **out);
int jr_int(struct jr *r, cJSON *obj, const char *name, bool required, int64_t lo,
	   int64_t hi, int64_t *out);
int jr_num(struct jr *r, cJSON *obj, const char *name, bool required, double lo,
	   double hi, double *out);
int jr_bool(struct jr *r, cJSON *obj, const char *name, bool *out);
int jr_obj(struct jr *r, cJSON *obj, const char *name, bool required, cJSON **out);
int jr_arr(struct jr *r, cJSON *obj, const char *name, cJSON **out);
/* A string that must be one of names[0..n); *out is its index. */
int jr_enum(struct jr *r, cJSON *obj, const char *name, const char *const *names,
	    int n, int *out);

/* Adds an integer as plain digits (cJSON would print one of 10^15 or more
 * with an exponent, which strict readers refuse as a float). */
cJSON *jr_add_int(cJSON *obj, const char *name, int64_t v);
/* The same as an array item. */
cJSON *jr_int_item(int64_t v);
/* A number: plain digits when it is an integer within ±2^53. */
cJSON *jr_add_num(cJSON *obj, const char *name, double v);

#define JR_TRY(x)               \
	do {                    \
		int rc_ = (x);  \
		if (rc_)        \
			return rc_; \
	} while (0)

#endif
