/* drill_run.h — a training run (`alarmdesk train SCENARIO`): the scenario's
 * expectations, which alarm of the private center is which scripted one,
 * what the trainee did with each, and the score report. */
#ifndef DRILL_RUN_H
#define DRILL_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/alarm.h"

struct drill_run;

/* Reads the expectations of SCENARIO (lines with "expect": {"real": bool,
 * "method": "video", "forward": bool, "dispatch": bool}); lines without one
 * are background alarms and are not scored. NULL with "file:line: what" in
 * err, also when no line has an expectation. */
struct drill_run *drill_run_load(const char *path, char *err, size_t errlen);
void drill_run_free(struct drill_run *d);

/* Every alarm state the console learns (new alarms and updates). */
void drill_run_observe(struct drill_run *d, const struct alarm *a);
/* True when every scored alarm is closed. */
bool drill_run_done(const struct drill_run *d);

/* Scores at now_ms and writes the report to path (0600). Returns the
 * total in percent, or -1 with the reason in err. who: "operator@console". */
int drill_run_report(struct drill_run *d, int64_t now_ms, const char *who, const char *path,
		     char *err, size_t errlen);

#endif
