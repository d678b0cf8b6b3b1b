/* pwpolicy.c — weak-password checks. Each rule is a small function so the
 * error names exactly which rule failed. */
#include "pwpolicy.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "ad.h"

static const char *const factory_defaults[] = {
	"password", "admin", "admin123", "administrator", "12345678", "123456789",
	"88888888", "66666666", "00000000", "11111111", "qwerty", "qwertyui",
	"abc12345", "a1234567", "password1", "passw0rd", "p@ssw0rd", "root1234",
	"admin888", "admin@123", "hik12345", "dahua123", "1qaz2wsx", "letmein1",
};

static bool has_digit_run(const char *pw)
{
	size_t n = strlen(pw);

	for (size_t i = 0; i + 3 < n; i++) {
		int up = 1, down = 1;
		for (size_t j = i; j < i + 3; j++) {
			if (!isdigit((unsigned char)pw[j]) || !isdigit((unsigned char)pw[j + 1])) {
				up = down = 0;
				break;
			}
			up &= pw[j + 1] == pw[j] + 1;
			down &= pw[j + 1] == pw[j] - 1;
		}
		if (up || down)
			return true;
	}
	return false;
}

static bool has_repeat(const char *pw)
{
	for (size_t i = 0; pw[i] && pw[i + 1] && pw[i + 2]; i++)
		if (isdigit((unsigned char)pw[i]) && pw[i] == pw[i + 1] && pw[i] == pw[i + 2])
			return true;
	return false;
}

static int digits_at(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool has_birthday(const char *pw)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	size_t n = strlen(pw);

	for (size_t i = 0; i + 8 <= n; i++) {
		int y = digits_at(pw + i, 4), m = digits_at(pw + i + 4, 2),
		    d = digits_at(pw + i + 6, 2);
		if (y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1])
			return true;
	}
	return false;
}

static bool has_mobile(const char *pw)
{
	size_t n = strlen(pw);

	for (size_t i = 0; i + 11 <= n; i++)
		if (pw[i] == '1' && pw[i + 1] >= '3' && pw[i + 1] <= '9' &&
		    digits_at(pw + i + 2, 9) >= 0)
			return true;
	return false;
}

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle), h = strlen(hay);

	if (n == 0)
		return false;
	for (size_t i = 0; i + n <= h; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

int pwpolicy_check(const char *user, const char *pw, char *err, size_t errlen)
{
	bool alpha = false, digit = false;

	for (const char *p = pw; *p; p++) {
		alpha |= isalpha((unsigned char)*p) != 0;
		digit |= isdigit((unsigned char)*p) != 0;
	}
	if (strlen(pw) < 8) {
		ad_err(err, errlen, "password too short: at least 8 characters");
		return AD_EINVAL;
	}
	if (!alpha || !digit) {
		ad_err(err, errlen, "password must mix letters and digits");
		return AD_EINVAL;
	}
	for (size_t i = 0; i < AD_ARRAY_LEN(factory_defaults); i++) {
		if (strcasecmp(pw, factory_defaults[i]) == 0) {
			ad_err(err, errlen, "password is a factory default");
			return AD_EINVAL;
		}
	}
	if (contains_nocase(pw, user)) {
		ad_err(err, errlen, "password must differ from (and not contain) the user name");
		return AD_EINVAL;
	}
	if (has_digit_run(pw)) {
		ad_err(err, errlen, "password has an ascending or descending digit run (like 1234)");
		return AD_EINVAL;
	}
	if (has_repeat(pw)) {
		ad_err(err, errlen, "password repeats a digit more than twice in a row");
		return AD_EINVAL;
	}
	if (has_birthday(pw)) {
		ad_err(err, errlen, "password contains a date (looks like a birthday)");
		return AD_EINVAL;
	}
	if (has_mobile(pw)) {
		ad_err(err, errlen, "password contains a phone number");
		return AD_EINVAL;
	}
	return 0;
}
