/* jparse.c — one-pass strict JSON parser into an arena (jparse.h). */
#include "jparse.h"

#include <locale.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/text.h"
#include "proto.h"

#define BLOCK_MAX (64 * 1024) /* below malloc's mmap threshold */

/* The arena: the root node is the first thing in the first block, so
 * jp_free finds the chain from it. */
struct block {
	struct block *next, *last; /* last: in the first block, the one taken from */
	size_t used, size;
	max_align_t data[];
};

struct parser {
	const char *start, *p, *end;
	struct block *first, *cur;
	int max_depth;
	bool nomem, deep; /* the two refusals that stop parsing at once */
	/* The first refusal of the tree's shape (members, sizes, keys): told
	 * only when the whole frame is JSON, as when the tree was checked after
	 * parsing; a syntax error is told first. */
	int shape_code;
	char *err;
	size_t errlen;
};

static struct block *block_new(size_t size)
{
	struct block *b = malloc(sizeof *b + size);

	if (b != NULL) {
		b->next = b->last = NULL;
		b->used = 0;
		b->size = size;
	}
	return b;
}

static void *take(struct parser *ps, size_t n, size_t align)
{
	struct block *b = ps->cur;
	size_t at = (b->used + align - 1) & ~(align - 1);

	if (at + n > b->size) {
		struct block *nb = block_new(n > BLOCK_MAX ? n : BLOCK_MAX);
		if (nb == NULL) {
			ps->nomem = true;
			return NULL;
		}
		b->next = nb;
		ps->cur = b = nb;
		at = 0;
	}
	b->used = at + n;
	return (char *)b->data + at;
}

static cJSON *node(struct parser *ps)
{
	cJSON *c = take(ps, sizeof *c, _Alignof(cJSON));

	if (c != NULL)
		memset(c, 0, sizeof *c);
	return c;
}

static void shape(struct parser *ps, int code, const char *fmt, const char *key, int n)
{
	if (ps->shape_code)
		return;
	ps->shape_code = code;
	if (key != NULL)
		snprintf(ps->err, ps->errlen, fmt, key, n);
	else
		snprintf(ps->err, ps->errlen, fmt, n);
}

static void blanks(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
		ps->p++;
}

/* Appends cp as text_sanitize would leave it. */
static char *put_cp(char *w, uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r') {
		*w++ = ' ';
	} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
		*w++ = '?';
	} else if (text_cp_is_format(cp)) {
		/* bidi and zero-width format characters are dropped */
	} else if (cp < 0x80) {
		*w++ = (char)cp;
	} else if (cp < 0x800) {
		*w++ = (char)(0xC0 | cp >> 6);
		*w++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*w++ = (char)(0xE0 | cp >> 12);
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*w++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*w++ = (char)(0xF0 | cp >> 18);
		*w++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*w++ = (char)(0x80 | (cp & 0x3F));
	}
	return w;
}

static int hex4(const char *s, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v |= (uint32_t)((c | 0x20) - 'a' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* JSON's one-letter escapes and what each stands for. */
static const char escapes[] = "\"\\/bfnrt", escaped[] = "\"\\/\b\f\n\r\t";

/* The escape after a backslash at *s (s[0] is the letter); advances *s past
 * it and stores the code point. */
static int escape(const char **s, const char *q, uint32_t *cp)
{
	const char *e = *s, *simple = *e ? strchr(escapes, *e) : NULL;

	if (simple != NULL) {
		*cp = (unsigned char)escaped[simple - escapes];
	} else if (*e == 'u') {
		if (q - e < 5 || hex4(e + 1, cp))
			return -1;
		e += 4;
		if (*cp >= 0xDC00 && *cp <= 0xDFFF)
			return -1; /* a low surrogate alone */
		if (*cp >= 0xD800 && *cp <= 0xDBFF) {
			uint32_t lo;
			if (q - e < 7 || e[1] != '\\' || e[2] != 'u' || hex4(e + 3, &lo) ||
			    lo < 0xDC00 || lo > 0xDFFF)
				return -1;
			*cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
			e += 6;
		}
		if (*cp == 0)
			*cp = '?'; /* a NUL would cut the C string short */
	} else {
		return -1;
	}
	*s = e + 1;
	return 0;
}

/* A string at ps->p (the opening quote), copied sanitised into the arena.
 * *raw is its length as JSON means it (before sanitising), for the cap. */
static int string(struct parser *ps, char **out, size_t *raw)
{
	const char *s = ps->p + 1, *q = s;
	char *w, *o;
	size_t n = 0;

	while (q < ps->end && *q != '"')
		q += *q == '\\' && q + 1 < ps->end ? 2 : 1;
	if (q >= ps->end) {
		ps->p = ps->end;
		return -1;
	}
	o = w = take(ps, (size_t)(q - s) + 1, 1);
	if (o == NULL)
		return -1;
	while (s < q) {
		unsigned char c = (unsigned char)*s;
		uint32_t cp;
		if (c >= 0x20 && c < 0x7F && c != '\\') {
			*w++ = (char)c;
			s++;
			n++;
		} else if (c == '\\') {
			s++;
			if (escape(&s, q, &cp)) {
				ps->p = s;
				return -1;
			}
			n += utf8_len(cp);
			w = put_cp(w, cp);
		} else if (c < 0x80) {
			w = put_cp(w, c == 0 ? '?' : c);
			s++;
			n++;
		} else {
			size_t k = text_utf8_decode(s, (size_t)(q - s), &cp);
			if (k == 0) {
				ps->p = s;
				return -1; /* told as "not valid UTF-8" */
			}
			if (cp <= 0x9F || text_cp_is_format(cp)) {
				w = put_cp(w, cp);
			} else {
				memcpy(w, s, k);
				w += k;
			}
			s += k;
			n += k;
		}
	}
	*w = '\0';
	*out = o;
	*raw = n;
	ps->p = q + 1;
	return 0;
}

static locale_t c_numeric;
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

static void c_numeric_make(void)
{
	c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* RFC 8259 numbers; plain integers of up to 15 digits without strtod. */
static int number(struct parser *ps, cJSON *c)
{
	const char *s = ps->p, *p = s, *e = ps->end;
	bool neg = false, plain = true;
	int64_t v = 0;
	int digits = 0;
	double d;

	if (p < e && *p == '-')
		neg = true, p++;
	if (p < e && *p == '0') {
		p++;
	} else if (p < e && *p >= '1' && *p <= '9') {
		while (p < e && *p >= '0' && *p <= '9') {
			if (++digits > 15)
				plain = false;
			else
				v = v * 10 + (*p - '0');
			p++;
		}
	} else {
		ps->p = p;
		return -1;
	}
	if (p < e && *p == '.') {
		plain = false;
		if (++p >= e || *p < '0' || *p > '9') {
			ps->p = p;
			return -1;
		}
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		plain = false;
		if (++p < e && (*p == '+' || *p == '-'))
			p++;
		if (p >= e || *p < '0' || *p > '9') {
			ps->p = p;
			return -1;
		}
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	}
	if (plain) {
		d = (double)(neg ? -v : v);
	} else {
		char tmp[64], *t = tmp;
		size_t n = (size_t)(p - s);
		if (n >= sizeof tmp && (t = take(ps, n + 1, 1)) == NULL)
			return -1;
		memcpy(t, s, n);
		t[n] = '\0';
		pthread_once(&c_numeric_once, c_numeric_make);
		d = c_numeric ? strtod_l(t, NULL, c_numeric) : strtod(t, NULL);
	}
	c->type = cJSON_Number;
	c->valuedouble = d;
	c->valueint = d >= INT32_MAX ? INT32_MAX : d <= (double)INT32_MIN ? INT32_MIN : (int)d;
	ps->p = p;
	return 0;
}

static int literal(struct parser *ps, cJSON *c, const char *word, int type)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return -1;
	ps->p += n;
	c->type = type;
	c->valueint = type == cJSON_True;
	return 0;
}

static uint32_t key_hash(const char *k)
{
	uint32_t h = 2166136261u;

	while (*k)
		h = (h ^ (unsigned char)*k++) * 16777619u;
	return h;
}

static int value(struct parser *ps, cJSON *c, int depth);

/* The members of an object or the items of an array, after its opening
 * bracket; `close` is its closing one. */
static int members(struct parser *ps, cJSON *c, int depth, char close)
{
	bool object = close == '}';
	uint32_t hashes[PROTO_MAX_ITEMS];
	cJSON *last = NULL;
	int n = 0;

	c->type = object ? cJSON_Object : cJSON_Array;
	blanks(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return 0;
	}
	if (depth > ps->max_depth) {
		ps->deep = true; /* at once: the parser's own stack stays bounded */
		return -1;
	}
	for (;;) {
		cJSON *m = node(ps);
		size_t raw;
		if (m == NULL)
			return -1;
		if (object) {
			uint32_t h;
			if (ps->p >= ps->end || *ps->p != '"' || string(ps, &m->string, &raw))
				return -1;
			blanks(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return -1;
			ps->p++;
			blanks(ps);
			h = key_hash(m->string);
			if (n < PROTO_MAX_ITEMS) {
				for (int i = 0; i < n; i++)
					if (hashes[i] == h) {
						cJSON *d = c->child;
						for (int j = 0; j < i; j++)
							d = d->next;
						if (strcmp(d->string, m->string) == 0)
							shape(ps, PROTO_E_JSON,
							      "%.64s: duplicate key", m->string, 0);
					}
				hashes[n] = h;
			}
		}
		if (++n > PROTO_MAX_ITEMS)
			shape(ps, PROTO_E_SIZE, "more than %d members in one object or array", NULL,
			      PROTO_MAX_ITEMS);
		if (value(ps, m, depth + 1))
			return -1;
		if (last == NULL) {
			c->child = m;
		} else {
			last->next = m;
			m->prev = last;
		}
		last = m;
		c->child->prev = last; /* cJSON's convention: the first's prev is the last */
		blanks(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			blanks(ps);
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			return 0;
		}
		return -1;
	}
}

static int value(struct parser *ps, cJSON *c, int depth)
{
	size_t raw;

	if (ps->p >= ps->end)
		return -1;
	switch (*ps->p) {
	case '{':
	case '[':
		return members(ps, c, depth, *ps->p++ == '{' ? '}' : ']');
	case '"':
		if (string(ps, &c->valuestring, &raw))
			return -1;
		c->type = cJSON_String;
		if (raw > PROTO_MAX_STRING)
			shape(ps, PROTO_E_SIZE, "%.64s: string longer than %d bytes",
			      c->string ? c->string : "[]", PROTO_MAX_STRING);
		return 0;
	case 't':
		return literal(ps, c, "true", cJSON_True);
	case 'f':
		return literal(ps, c, "false", cJSON_False);
	case 'n':
		return literal(ps, c, "null", cJSON_NULL);
	default:
		return number(ps, c);
	}
}

static struct block *block_of(cJSON *root)
{
	return (struct block *)(void *)((char *)root - offsetof(struct block, data));
}

void *jp_take(cJSON *root, size_t n)
{
	struct block *first = block_of(root);
	struct parser ps = {.first = first, .cur = first->last};
	void *p = take(&ps, n, _Alignof(max_align_t));

	first->last = ps.cur;
	return p;
}

void jp_free(cJSON *root)
{
	struct block *b;

	if (root == NULL)
		return;
	b = block_of(root);
	while (b != NULL) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
}

cJSON *jp_parse(const char *buf, size_t len, int max_depth, char *err, size_t errlen, int *code)
{
	/* Nodes and strings of a typical frame fit the first block. */
	size_t first = len * 8 + 256;
	struct parser ps = {.start = buf,
			    .p = buf,
			    .end = buf + len,
			    .max_depth = max_depth,
			    .err = err,
			    .errlen = errlen};
	cJSON *root;
	int rc;

	ps.first = ps.cur = block_new(first < BLOCK_MAX ? first : BLOCK_MAX);
	if (ps.first == NULL || (root = node(&ps)) == NULL) {
		free(ps.first);
		snprintf(err, errlen, "out of memory");
		*code = PROTO_E_INTERNAL;
		return NULL;
	}
	blanks(&ps);
	rc = value(&ps, root, 1);
	if (rc == 0) {
		blanks(&ps);
		if (ps.p != ps.end) {
			snprintf(err, errlen, "not JSON (trailing data at byte %ld)",
				 (long)(ps.p - buf));
			rc = -1;
			ps.shape_code = PROTO_E_JSON;
		}
	} else if (ps.nomem) {
		snprintf(err, errlen, "out of memory");
		ps.shape_code = PROTO_E_INTERNAL;
	} else if (ps.deep) {
		snprintf(err, errlen, "nesting deeper than %d", max_depth);
		ps.shape_code = PROTO_E_SIZE;
	} else {
		snprintf(err, errlen, "not JSON (near byte %ld)", (long)(ps.p - buf));
		ps.shape_code = PROTO_E_JSON;
	}
	if (rc == 0 && ps.shape_code == 0) {
		ps.first->last = ps.cur;
		return root;
	}
	/* Whatever else is wrong, a frame that is not UTF-8 is told so. */
	if (ps.shape_code != PROTO_E_INTERNAL && !text_utf8_valid(buf, len)) {
		snprintf(err, errlen, "frame is not valid UTF-8");
		ps.shape_code = PROTO_E_JSON;
	}
	*code = ps.shape_code;
	jp_free(root);
	return NULL;
}
