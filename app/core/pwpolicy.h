/* pwpolicy.h — the GA 1383 (安全性) weak-password rules, applied when an
 * account is created or its password changed. Pure; no hashing here. */
#ifndef PWPOLICY_H
#define PWPOLICY_H

#include <stddef.h>

/* Returns 0 when `pw` is acceptable for user `user`, else AD_EINVAL with the
 * broken rule in err (English, for the log and the CLI). Rules: at least 8
 * characters with letters and digits; not a factory default; not the user
 * name (nor containing it); no run of 4 ascending or descending digits; no
 * digit repeated more than twice in a row; no embedded date of birth
 * (YYYYMMDD, 1900–2099) and no mobile number (1[3-9] + 9 digits). */
int pwpolicy_check(const char *user, const char *pw, char *err, size_t errlen);

#endif
