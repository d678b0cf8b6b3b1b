/* text.c — UTF-8 decoding, terminal-safe sanitising and column widths.
 * The width table covers the East Asian Wide/Fullwidth blocks that appear in
 * Chinese addresses and names, and the common emoji planes; it deliberately
 * ignores ambiguous-width characters (treated as 1, as most terminals do). */
#include "text.h"

#include <string.h>

size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		n = 2, c = u[0] & 0x1F, min = 0x80;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		n = 3, c = u[0] & 0x0F, min = 0x800;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		n = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* The offset of the first byte that does not start a valid sequence, or len. */
static size_t first_invalid(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

bool text_utf8_valid(const char *s, size_t len)
{
	return first_invalid(s, len) == len;
}

size_t text_utf8_repair(char *s, size_t len)
{
	size_t bad = 0;

	for (size_t i = first_invalid(s, len); i < len;
	     i += 1 + first_invalid(s + i + 1, len - i - 1)) {
		s[i] = '?';
		bad++;
	}
	return bad;
}

bool text_cp_is_format(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || cp == 0x061C;
}

size_t text_sanitize(char *s, size_t len)
{
	size_t r = 0, w = 0, n;
	uint32_t cp;

	while (r < len) {
		n = text_utf8_decode(s + r, len - r, &cp);
		if (n == 0) {
			s[w++] = '?';
			r++;
			continue;
		}
		if (cp == '\t' || cp == '\n' || cp == '\r') {
			s[w++] = ' ';
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
			s[w++] = '?';
		} else if (!text_cp_is_format(cp)) {
			memmove(s + w, s + r, n);
			w += n;
		}
		r += n;
	}
	if (w < len)
		s[w] = '\0';
	return w;
}

struct range {
	uint32_t lo, hi;
};

/* Zero-width: combining marks and format characters. */
static const struct range zero_width[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
	{0x064B, 0x065F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
	{0x202A, 0x202E}, {0x2060, 0x206F}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
	{0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

/* East Asian Wide and Fullwidth (Unicode 15, coalesced). */
static const struct range wide[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
	{0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
	{0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
	{0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F5}, {0x26FA, 0x26FD},
	{0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728}, {0x274C, 0x274C},
	{0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0},
	{0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
	{0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
	{0xA000, 0xA4CF}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
	{0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},
	{0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF},
	{0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
	{0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
	{0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF},
	{0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static bool in_table(uint32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int text_cp_width(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (in_table(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
		return 0;
	if (in_table(cp, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

int text_width(const char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;
	int w = 0;

	while (i < len) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			w++;
			i++;
			continue;
		}
		w += text_cp_width(cp);
		i += n;
	}
	return w;
}

size_t text_fit(char *out, size_t outsz, const char *s, int cols, bool ellipsis)
{
	size_t len = strlen(s), i = 0, o = 0, n;
	uint32_t cp;
	int used = 0, cw;
	bool clipped = false;

	if (outsz == 0)
		return 0;
	while (i < len) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			cp = '?';
			n = 1;
		}
		cw = text_cp_width(cp);
		/* Stop when the character does not fit in the columns, or when
		 * the buffer could no longer hold the padding still to come. */
		if (used + cw > cols || o + n + 1 + (size_t)(cols - used - cw) > outsz) {
			clipped = true;
			break;
		}
		if (n == 1 && cp == '?' && (unsigned char)s[i] >= 0x80)
			out[o] = '?';
		else
			memcpy(out + o, s + i, n);
		o += n;
		used += cw;
		i += n;
	}
	if (clipped && ellipsis && cols > 0) {
		/* Back off whole characters until one column is free for '~'. */
		while (used > cols - 1 && o > 0) {
			size_t start = o - 1;
			while (start > 0 && ((unsigned char)out[start] & 0xC0) == 0x80)
				start--;
			n = text_utf8_decode(out + start, o - start, &cp);
			used -= n ? text_cp_width(cp) : 1;
			o = start;
		}
		if (o + 2 <= outsz) {
			out[o++] = '~';
			used++;
		}
	}
	while (used < cols && o + 2 <= outsz) {
		out[o++] = ' ';
		used++;
	}
	out[o] = '\0';
	return o;
}
