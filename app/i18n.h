/* i18n.h — gettext for every user-facing string: Chinese when the locale is
 * Chinese or --lang zh, English otherwise. */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* lang: "zh", "en" or NULL/"auto" (from LANG/LC_ALL/LC_MESSAGES). Must run
 * before any gettext call and after setlocale(). localedir may be NULL for
 * the installed catalogs. */
void i18n_init(const char *lang, const char *localedir);
/* True when the UI speaks Chinese. */
int i18n_is_zh(void);

#endif
