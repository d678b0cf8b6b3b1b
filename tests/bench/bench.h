/* bench.h — one line per metric, in the form every bench prints so that runs
 * compare (issue 13):
 *   BENCH <metric> value=<v> unit=<u> anchor=<a> ratio=<r> target=<t> met=<yes|no>
 * ratio is value/anchor (anchor 0: none, printed "-"); the target is on the
 * ratio when there is an anchor, else on the value; up: more is better. */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stdio.h>

static inline void bench_line(const char *metric, double value, const char *unit, double anchor,
			      double target, bool up)
{
	double r = anchor > 0 ? value / anchor : 0, on = anchor > 0 ? r : value;
	bool met = up ? on >= target : on <= target;

	if (anchor > 0)
		printf("BENCH %s value=%.6g unit=%s anchor=%.6g ratio=%.3f target=%.6g met=%s\n", metric,
		       value, unit, anchor, r, target, met ? "yes" : "no");
	else
		printf("BENCH %s value=%.6g unit=%s anchor=- ratio=- target=%.6g met=%s\n", metric,
		       value, unit, target, met ? "yes" : "no");
}

#endif
