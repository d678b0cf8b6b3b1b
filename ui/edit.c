/* edit.c — the one-line editor the dialogs and the search line share. */
#include <stdlib.h>
#include <string.h>

#include "../app/core/text.h"
#include "ui-int.h"

int ui_edit_line(char *buf, size_t size, wint_t ch, bool fkey)
{
	size_t len = strlen(buf);

	if (!fkey && ch == 27)
		return -1;
	if ((!fkey && (ch == '\n' || ch == '\r')) || (fkey && ch == KEY_ENTER))
		return 1;
	if ((fkey && ch == KEY_BACKSPACE) || (!fkey && (ch == 127 || ch == 8))) {
		while (len > 0 && ((unsigned char)buf[len - 1] & 0xC0) == 0x80)
			len--;
		if (len > 0)
			buf[len - 1] = '\0';
	} else if (!fkey && ch >= ' ' && ch != 127) {
		char mb[8];
		int k = wctomb(mb, (wchar_t)ch);
		if (k > 0 && len + (size_t)k + 1 < size) {
			memcpy(buf + len, mb, (size_t)k);
			buf[len + (size_t)k] = '\0';
			buf[text_sanitize(buf, strlen(buf))] = '\0';
		}
	}
	return 0;
}

