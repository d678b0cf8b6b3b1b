/* ad.h — error codes and tiny helpers shared by every module.
 * Plain libc; nothing here does I/O. */
#ifndef AD_H
#define AD_H

#include <stddef.h>

/* Functions return 0 or one of these negative codes. */
enum {
	AD_OK = 0,
	AD_EINVAL = -1,   /* malformed input */
	AD_ENOMEM = -2,   /* a cap or an allocation was exceeded */
	AD_ENOENT = -3,   /* no such item */
	AD_EEXIST = -4,   /* already there (duplicate) */
	AD_ESTATE = -5,   /* not allowed in the current state */
	AD_EPERM = -6,    /* not allowed for this role or operator */
	AD_EIO = -7,      /* an I/O failure, reported with a message */
};

#define AD_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Writes a formatted message into buf (always NUL-terminated when len > 0). */
void ad_err(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
