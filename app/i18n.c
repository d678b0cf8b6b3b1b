/* i18n.c — choosing the catalog. glibc ignores LANGUAGE under the "C"
 * locale but honours it under C.UTF-8, which is all a fresh Debian has. */
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static int zh;

static int env_is_zh(void)
{
	const char *vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && v[0])
			return strncmp(v, "zh", 2) == 0;
	}
	return 0;
}

void i18n_init(const char *lang, const char *localedir)
{
	if (lang == NULL || strcmp(lang, "auto") == 0)
		zh = env_is_zh();
	else
		zh = strncmp(lang, "zh", 2) == 0;
	setenv("LANGUAGE", zh ? "zh_CN" : "en", 1);
	bindtextdomain("alarmdesk", localedir ? localedir : AD_LOCALEDIR);
	bind_textdomain_codeset("alarmdesk", "UTF-8");
	textdomain("alarmdesk");
}

int i18n_is_zh(void)
{
	return zh;
}
