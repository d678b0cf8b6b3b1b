/* strpool.h — shared copies of strings that repeat: the customer, address,
 * contacts, cameras and plan of a site are the same in every alarm of the
 * site, and a storm's book holds tens of thousands of those alarms. Each
 * distinct string (or array of them) is kept once, with a count of its
 * holders. Pure: libc
 * only; one thread. */
#ifndef STRPOOL_H
#define STRPOOL_H

#include <stddef.h>

struct strpool;

struct strpool *strpool_new(void);
/* Frees the pool; the copies still held go with it. */
void strpool_free(struct strpool *p);

/* The pool's copy of s, one more holder counted ("" is never counted);
 * NULL when out of memory. */
const char *strpool_get(struct strpool *p, const char *s);
/* The same for len bytes of anything (a site's array of contacts, whose
 * strings are the pool's): the copy is aligned for pointers. */
const void *strpool_get_bytes(struct strpool *p, const void *b, size_t len);
/* A holder of a copy strpool_get or strpool_get_bytes gave lets it go; the
 * last one frees it. */
void strpool_put(struct strpool *p, const void *s);
/* The distinct strings kept. */
size_t strpool_count(const struct strpool *p);

#endif
