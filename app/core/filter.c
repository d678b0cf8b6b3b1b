/* filter.c — the queue's search and filter (filter.h). */
#include "filter.h"

#include <stdio.h>
#include <string.h>

/* ASCII letters fold to lower case; everything else compares as bytes. */
static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && fold(hay[i]) == fold(needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

static bool same_word(const char *a, const char *b)
{
	while (*a && *b && fold(*a) == fold(*b))
		a++, b++;
	return *a == '\0' && *b == '\0';
}

/* w's index among names (wire) or labels (screen), or -1. */
static int named(const char *w, const char *const *names, const char *const *labels, int n)
{
	for (int c = 0; c < n; c++)
		if (same_word(w, names[c]) || (labels && labels[c] && same_word(w, labels[c])))
			return c;
	return -1;
}

int filter_parse(const char *query, const struct filter_labels *labels, struct alarm_filter *f,
		 char *err, size_t errlen)
{
	const char *p = query;

	memset(f, 0, sizeof *f);
	while (*p) {
		char w[64];
		size_t n = strcspn(p += strspn(p, " "), " ");
		int c;
		if (n == 0)
			break;
		if (n >= sizeof w) {
			snprintf(err, errlen, "'%.20s…' is longer than %zu bytes", p, sizeof w - 1);
			return -1;
		}
		memcpy(w, p, n);
		w[n] = '\0';
		p += n;
		f->on = true;
		if ((c = named(w, alarm_class_names, labels ? labels->cls : NULL, ALARM_CLASS_COUNT)) >= 0)
			f->classes |= 1u << c;
		else if (same_word(w, "new") || !strcmp(w, "新") || !strcmp(w, "未认领"))
			f->state = FILTER_NEW;
		else if (same_word(w, "mine") || !strcmp(w, "我的"))
			f->state = FILTER_MINE;
		else if (same_word(w, "held") || !strcmp(w, "挂起"))
			f->state = FILTER_HELD;
		else if ((c = named(w, alarm_state_names, labels ? labels->state : NULL,
				    ALARM_ST_COUNT)) >= 0)
			f->states |= 1u << c;
		else if (f->nwords == FILTER_MAX_WORDS) {
			snprintf(err, errlen, "at most %d words to find ('%s' is one more)",
				 FILTER_MAX_WORDS, w);
			return -1;
		} else
			snprintf(f->words[f->nwords++], sizeof f->words[0], "%s", w);
	}
	return 0;
}

/* The word is in one of the fields the operator searches. */
static bool found(const struct alarm *a, const char *w)
{
	const char *fields[] = {a->cust_name, a->cust_id, a->addr_text, a->id, a->zone_name,
				a->police};

	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i] && contains(fields[i], w))
			return true;
	for (int i = 0; i < a->ncontacts; i++)
		if (contains(a->contacts[i].phone, w) || contains(a->contacts[i].name, w))
			return true;
	return false;
}

bool filter_match(const struct alarm_filter *f, const struct alarm *a, const char *me,
		  int64_t now_ms)
{
	if (!f->on)
		return true;
	if (f->classes && !(f->classes >> a->cls & 1))
		return false;
	if (f->states && !(f->states >> a->state & 1))
		return false;
	if ((f->state == FILTER_NEW && a->claimed_by[0]) ||
	    (f->state == FILTER_MINE && strcmp(a->claimed_by, me) != 0) ||
	    (f->state == FILTER_HELD && a->flow.hold_until <= now_ms))
		return false;
	for (int i = 0; i < f->nwords; i++)
		if (!found(a, f->words[i]))
			return false;
	return true;
}
