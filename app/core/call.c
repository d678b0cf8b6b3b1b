/* call.c — the call outcomes' table (call.h). */
#include "call.h"

#include <string.h>

const char *const call_outcome_names[CALL_OUTCOME_COUNT] = {
	"no_answer", "busy", "wrong_number", "confirmed_false", "confirmed_real", "passcode_ok",
	"duress",
};

int call_outcome_parse(const char *s, enum call_outcome *out)
{
	for (int i = 0; i < CALL_OUTCOME_COUNT; i++)
		if (strcmp(call_outcome_names[i], s) == 0) {
			*out = (enum call_outcome)i;
			return 0;
		}
	return -1;
}

enum flow_verdict call_verdict(enum call_outcome o)
{
	switch (o) {
	case CALL_CONFIRMED_FALSE:
	case CALL_PASSCODE_OK:
		return FLOW_VERDICT_FALSE;
	case CALL_CONFIRMED_REAL:
	case CALL_DURESS:
		return FLOW_VERDICT_REAL;
	default:
		return FLOW_VERDICT_NONE;
	}
}
