/* load.c — the console loads the camera pictures' module on the first
 * picture (module.h). */
#include "module.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef AD_LIBDIR
#define AD_LIBDIR "/usr/local/lib/alarmdesk"
#endif
#ifndef AD_BUILD
#define AD_BUILD "build"
#endif

static const struct video_lib *loaded;
static char failed[600];

/* Where the module may be, in order; the number of places. */
static int places(char out[][PATH_MAX])
{
	const char *env = getenv("ALARMDESK_VIDEO_MODULE");
	char exe[PATH_MAX], *slash;
	ssize_t n;
	int k = 0;

	if (env && env[0]) {
		snprintf(out[k++], PATH_MAX, "%s", env);
		return k;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		if (AD_BUILD[0] == '/')
			snprintf(out[k++], PATH_MAX, "%s/" VIDEO_MODULE_FILE, AD_BUILD);
		else
			snprintf(out[k++], PATH_MAX, "%s/%s/" VIDEO_MODULE_FILE, exe, AD_BUILD);
		snprintf(out[k++], PATH_MAX, "%s/../lib/alarmdesk/" VIDEO_MODULE_FILE, exe);
	}
	snprintf(out[k++], PATH_MAX, "%s/" VIDEO_MODULE_FILE, AD_LIBDIR);
	return k;
}

const struct video_lib *video_lib(char *err, size_t errlen)
{
	char where[3][PATH_MAX];
	int n;

	if (loaded)
		return loaded;
	if (failed[0]) {
		snprintf(err, errlen, "%s", failed);
		return NULL;
	}
	n = places(where);
	for (int i = 0; i < n && !failed[0]; i++) {
		void *h;
		if (access(where[i], F_OK) != 0)
			continue;
		/* Found: it loads and has the table, or that is the answer. */
		if ((h = dlopen(where[i], RTLD_NOW | RTLD_LOCAL)) == NULL) {
			snprintf(failed, sizeof failed, "%s", dlerror());
		} else if ((loaded = dlsym(h, VIDEO_MODULE_TABLE)) == NULL) {
			snprintf(failed, sizeof failed, "%s: no table %s (another version)", where[i],
				 VIDEO_MODULE_TABLE);
			dlclose(h);
		}
	}
	if (loaded)
		return loaded;
	if (!failed[0])
		snprintf(failed, sizeof failed, "%s not found (in %s)", VIDEO_MODULE_FILE,
			 n ? where[n - 1] : AD_LIBDIR);
	snprintf(err, errlen, "%s", failed);
	return NULL;
}
