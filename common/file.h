/* file.h — reading a whole text file with a cap and a clear error: the one
 * way both programs read their data, scenario, map and recording files; and
 * making the directories a state file goes in. */
#ifndef COMMON_FILE_H
#define COMMON_FILE_H

#include <stddef.h>

/* Reads a whole text file (≤ cap bytes) into a NUL-terminated heap buffer;
 * *len (when not NULL) is its length. A file holding a NUL byte is refused
 * ("not a text file"). NULL with "'path': what" in err. */
char *file_read(const char *path, size_t cap, size_t *len, char *err, size_t errlen);

/* mkdir -p of path's directory, mode 0700 for what it creates. */
void file_make_parents(const char *path);

#endif
