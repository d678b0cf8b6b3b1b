/* jsonrd.c — strict, path-naming readers over cJSON trees. */
#include "jsonrd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/text.h"
#include "proto.h"

int jr_fail(const struct jr *r, const char *field, const char *what)
{
	if (r->path[0])
		snprintf(r->err, r->errlen, "%s.%s: %s", r->path, field, what);
	else
		snprintf(r->err, r->errlen, "%s: %s", field, what);
	return PROTO_E_FIELD;
}

/* Walks the whole tree once: depth, item counts, string lengths, duplicate
 * keys; sanitises every string in place. */
int jr_check_tree(cJSON *node, int depth, int max_depth, char *err, size_t errlen)
{
	int n = 0;

	if (depth > max_depth) {
		snprintf(err, errlen, "nesting deeper than %d", max_depth);
		return PROTO_E_SIZE;
	}
	for (cJSON *c = node->child; c != NULL; c = c->next) {
		if (++n > PROTO_MAX_ITEMS) {
			snprintf(err, errlen, "more than %d members in one object or array",
				 PROTO_MAX_ITEMS);
			return PROTO_E_SIZE;
		}
		if (cJSON_IsObject(node) && c->string != NULL) {
			for (cJSON *d = node->child; d != c; d = d->next) {
				if (d->string[0] == c->string[0] && strcmp(d->string, c->string) == 0) {
					snprintf(err, errlen, "%.64s: duplicate key", c->string);
					return PROTO_E_JSON;
				}
			}
		}
		if (cJSON_IsString(c)) {
			size_t len = strlen(c->valuestring);
			if (len > PROTO_MAX_STRING) {
				snprintf(err, errlen, "%.64s: string longer than %d bytes",
					 c->string ? c->string : "[]", PROTO_MAX_STRING);
				return PROTO_E_SIZE;
			}
			text_sanitize(c->valuestring, len);
		}
		if (c->child != NULL) {
			int rc = jr_check_tree(c, depth + 1, max_depth, err, errlen);
			if (rc)
				return rc;
		}
	}
	return 0;
}

cJSON *jr_member(cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

static bool named(const cJSON *c, const char *name)
{
	return c->string && c->string[0] == name[0] && strcmp(c->string, name) == 0;
}

/* The member `name` of obj, looked for after the one found last in it,
 * then from the start (struct jr). */
static cJSON *find(struct jr *r, cJSON *obj, const char *name)
{
	cJSON *from = r->obj == obj ? r->next : NULL, *c;

	if (!cJSON_IsObject(obj))
		return NULL;
	for (c = from; c && !named(c, name); c = c->next)
		;
	for (cJSON *d = obj->child; c == NULL && d != from; d = d->next)
		if (named(d, name))
			c = d;
	if (c == NULL)
		return NULL;
	r->obj = obj;
	r->next = c->next;
	return c;
}

int jr_str(struct jr *r, cJSON *obj, const char *name, bool required,
		   const char **out)
{
	cJSON *v = find(r, obj, name);

	if (v == NULL || cJSON_IsNull(v)) {
		*out = "";
		return required ? jr_fail(r, name, "missing") : 0;
	}
	if (!cJSON_IsString(v))
		return jr_fail(r, name, "expected a string");
	if (required && v->valuestring[0] == '\0')
		return jr_fail(r, name, "must not be empty");
	*out = v->valuestring;
	return 0;
}

/* Integers travel as JSON numbers within ±2^53 (exact in a double). */
int jr_int(struct jr *r, cJSON *obj, const char *name, bool required,
		   int64_t lo, int64_t hi, int64_t *out)
{
	cJSON *v = find(r, obj, name);
	double d;

	if (v == NULL) {
		*out = 0;
		return required ? jr_fail(r, name, "missing") : 0;
	}
	if (!cJSON_IsNumber(v))
		return jr_fail(r, name, "expected an integer");
	d = v->valuedouble;
	if (!(d >= -9007199254740992.0 && d <= 9007199254740992.0) || (double)(int64_t)d != d)
		return jr_fail(r, name, "expected an integer");
	if ((int64_t)d < lo || (int64_t)d > hi)
		return jr_fail(r, name, "out of range");
	*out = (int64_t)d;
	return 0;
}

int jr_bool(struct jr *r, cJSON *obj, const char *name, bool *out)
{
	cJSON *v = find(r, obj, name);

	*out = false;
	if (v == NULL)
		return 0;
	if (!cJSON_IsBool(v))
		return jr_fail(r, name, "expected true or false");
	*out = cJSON_IsTrue(v);
	return 0;
}

int jr_obj(struct jr *r, cJSON *obj, const char *name, bool required,
		   cJSON **out)
{
	cJSON *v = find(r, obj, name);

	*out = NULL;
	if (v == NULL)
		return required ? jr_fail(r, name, "missing") : 0;
	if (!cJSON_IsObject(v))
		return jr_fail(r, name, "expected an object");
	*out = v;
	return 0;
}

int jr_arr(struct jr *r, cJSON *obj, const char *name, cJSON **out)
{
	cJSON *v = find(r, obj, name);

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!cJSON_IsArray(v))
		return jr_fail(r, name, "expected an array");
	*out = v;
	return 0;
}

int jr_enum(struct jr *r, cJSON *obj, const char *name,
		    const char *const *names, int n, int *out)
{
	const char *s;
	int rc = jr_str(r, obj, name, true, &s), i;

	if (rc)
		return rc;
	for (i = 0; i < n && strcmp(names[i], s) != 0; i++)
		;
	if (i == n)
		i = -1;
	if (i < 0)
		return jr_fail(r, name, "unknown value");
	*out = i;
	return 0;
}

int jr_num(struct jr *r, cJSON *obj, const char *name, bool required, double lo,
	   double hi, double *out)
{
	cJSON *v = find(r, obj, name);

	*out = 0;
	if (v == NULL)
		return required ? jr_fail(r, name, "missing") : 0;
	if (!cJSON_IsNumber(v))
		return jr_fail(r, name, "expected a number");
	if (!(v->valuedouble >= lo && v->valuedouble <= hi))
		return jr_fail(r, name, "out of range");
	*out = v->valuedouble;
	return 0;
}

cJSON *jr_int_item(int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return cJSON_CreateRaw(buf);
}

cJSON *jr_add_int(cJSON *obj, const char *name, int64_t v)
{
	cJSON *it = jr_int_item(v);

	if (it != NULL && !cJSON_AddItemToObject(obj, name, it)) {
		cJSON_Delete(it);
		return NULL;
	}
	return it;
}

cJSON *jr_add_num(cJSON *obj, const char *name, double v)
{
	if (v <= 9007199254740992.0 && v >= -9007199254740992.0 && v == (double)(int64_t)v)
		return jr_add_int(obj, name, (int64_t)v);
	return cJSON_AddNumberToObject(obj, name, v);
}
