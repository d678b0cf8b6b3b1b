/* text.h — UTF-8 validation, sanitising of untrusted text and display-column
 * measurement. Locale-free: widths come from our own East Asian Width table,
 * so results do not depend on setlocale(). No terminal output here. */
#ifndef TEXT_H
#define TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one UTF-8 sequence from s[0..len). Stores the code point in *cp and
 * returns its byte length (1..4), or 0 for an invalid or truncated sequence
 * (overlong forms, surrogates and values above U+10FFFF are invalid). */
size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* True when s[0..len) is entirely valid UTF-8 (RFC 3629). */
bool text_utf8_valid(const char *s, size_t len);
/* Replaces each byte that does not start a valid UTF-8 sequence with '?', in
 * place (e.g. a character cut in two by a truncating snprintf). Returns how
 * many bytes were replaced. */
size_t text_utf8_repair(char *s, size_t len);

/* Makes untrusted text safe for a terminal, in place, and returns the new
 * length (never longer): invalid bytes and C0/DEL/C1 controls become '?',
 * tab/newline/CR become a space, bidi and zero-width format characters
 * (U+200B..U+200F, U+202A..U+202E, U+2060..U+206F, U+FEFF) are removed. */
size_t text_sanitize(char *s, size_t len);
/* The bidi and zero-width format characters text_sanitize removes. */
bool text_cp_is_format(uint32_t cp);

/* Display columns of one code point: 0 (combining, format), 1 or 2 (wide). */
int text_cp_width(uint32_t cp);

/* Display columns of a UTF-8 string; invalid bytes count one column each. */
int text_width(const char *s);

/* Copies s into out (size outsz) so that it occupies exactly `cols` display
 * columns: clipped at a character boundary (a wide character that does not
 * fit is replaced by a space) and padded with spaces. When clipped and
 * `ellipsis` is set, the last column shows '~'. Returns the bytes written. */
size_t text_fit(char *out, size_t outsz, const char *s, int cols, bool ellipsis);

#endif
