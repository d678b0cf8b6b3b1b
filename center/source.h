/* source.h — where the center's alarms come from: a scenario file played on
 * its timeline (JSON Lines, docs/scenario-format.md) and a random generator
 * for load. Both emit through center_emit_*. */
#ifndef CENTER_SOURCE_H
#define CENTER_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "center.h"

struct scenario;

/* Parses a scenario file against the data set (customers and zones must
 * exist). NULL with "file:line: what" in err. */
struct scenario *scenario_load(const char *path, const struct sites *sites, char *err,
			       size_t errlen);
/* Plays it on c's loop; when `loop_ms` > 0 it starts again that long after
 * the last step. */
void scenario_start(struct scenario *s, struct center *c, uint32_t loop_ms);
void scenario_stop(struct scenario *s); /* closes its timer */
void scenario_free(struct scenario *s); /* after the timer has closed */
size_t scenario_steps(const struct scenario *s);

struct generator;

/* Emits `rate` random alarms per second (up to `count`, 0 = no end) from
 * random sites and zones with a realistic mix of classes. */
struct generator *generator_start(struct center *c, double rate, uint64_t count, uint32_t seed,
				  bool faults_only);
/* Stops the generator once the center holds `open` open alarms (0: no limit). */
void generator_fill(struct generator *g, uint64_t open);
void generator_stop(struct generator *g); /* frees it once its timer closed */

#endif
