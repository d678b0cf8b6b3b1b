/* fuzz_file.h — for libFuzzer targets whose parser reads a file: the input
 * is written to one private file in /dev/shm (mode 0600, reused every run;
 * tmpfs is ten times faster than a disk here) and its path handed to the
 * parser. */
#ifndef FUZZ_FILE_H
#define FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The path of a file holding exactly data[0..size); `slot` picks one of a
 * few files (for targets that need more than one). */
static inline const char *fuzz_file(int slot, const uint8_t *data, size_t size)
{
	static char paths[4][64];
	static int fds[4] = {-1, -1, -1, -1};

	if (fds[slot] < 0) {
		snprintf(paths[slot], sizeof paths[slot], "/dev/shm/alarmdesk-fuzz-%d-%d-XXXXXX",
			 (int)getpid(), slot);
		fds[slot] = mkstemp(paths[slot]);
		if (fds[slot] < 0)
			abort();
	}
	if (ftruncate(fds[slot], 0) || (size && pwrite(fds[slot], data, size, 0) != (ssize_t)size))
		abort();
	return paths[slot];
}

#endif
