/* ad.c — the error-buffer helper. */
#include "ad.h"

#include <stdarg.h>
#include <stdio.h>

void ad_err(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (buf == NULL || len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}
