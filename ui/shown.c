/* shown.c — the alarms the queue shows: all of them, or the filter's
 * matches (app/core/filter.h) in the book's order. */
#include "ui-int.h"

bool ui_shown(const struct ui *u, const struct alarm *al)
{
	return filter_match(&u->filter, al, u->v->cfg->operator_, u->v->now_ms);
}

long ui_shown_count(const struct ui *u)
{
	long n = 0;

	if (!u->filter.on)
		return (long)book_count(u->v->book);
	for (size_t i = 0; book_at(u->v->book, i); i++)
		n += ui_shown(u, book_at(u->v->book, i));
	return n;
}

long ui_shown_place(const struct ui *u, long i)
{
	long pos = 0;

	if (!u->filter.on)
		return i;
	for (long k = 0; k < i && book_at(u->v->book, (size_t)k); k++)
		pos += ui_shown(u, book_at(u->v->book, (size_t)k));
	return pos;
}

long ui_shown_at(const struct ui *u, long pos)
{
	if (!u->filter.on)
		return pos < (long)book_count(u->v->book) ? pos : -1;
	for (size_t k = 0; book_at(u->v->book, k); k++)
		if (ui_shown(u, book_at(u->v->book, k)) && pos-- == 0)
			return (long)k;
	return -1;
}

