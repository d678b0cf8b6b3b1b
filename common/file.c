/* file.c — whole text files with a cap (common/file.h). */
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../app/core/ad.h"

char *file_read(const char *path, size_t cap, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf, *nul;
	size_t n, want;

	if (f == NULL) {
		ad_err(err, errlen, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	/* As much room as the file needs (not the cap: that may be 512 MiB);
	 * a file that grows meanwhile is read up to the cap. */
	want = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size < cap
		       ? (size_t)st.st_size
		       : cap;
	buf = malloc(want + 1);
	if (buf == NULL) {
		fclose(f);
		ad_err(err, errlen, "'%s': out of memory", path);
		return NULL;
	}
	for (n = 0;;) {
		n += fread(buf + n, 1, want + 1 - n, f);
		if (n <= want || ferror(f) || want >= cap)
			break;
		/* It grew: make room for more, up to the cap. */
		want = want * 2 + 4096 < cap ? want * 2 + 4096 : cap;
		char *b = realloc(buf, want + 1);
		if (b == NULL) {
			fclose(f);
			free(buf);
			ad_err(err, errlen, "'%s': out of memory", path);
			return NULL;
		}
		buf = b;
	}
	if (ferror(f) || n > cap) {
		ad_err(err, errlen, "'%s': %s", path,
		       ferror(f) ? strerror(errno) : "file too large");
		fclose(f);
		free(buf);
		return NULL;
	}
	if ((nul = memchr(buf, 0, n)) != NULL) {
		ad_err(err, errlen, "'%s': a NUL byte at offset %zu: not a text file", path,
		       (size_t)(nul - buf));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

void file_make_parents(const char *path)
{
	char dir[4096];

	snprintf(dir, sizeof dir, "%s", path);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
}
