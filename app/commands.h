/* commands.h — the operator's commands, one table: the key, the batch verb,
 * the protocol action with its fixed text, the label the help shows, who may
 * use it and whether it changes an alarm (refused while read-only). The
 * curses keys (ui/steps.c), `--batch` (app/batch.c), the help overlay and
 * the read-only rules all read it; nothing else maps a key or a verb. */
#ifndef COMMANDS_H
#define COMMANDS_H

#include <stdbool.h>

#include "../net/proto.h"
#include "config.h"

/* In the order the help lists them (commands[i].id == i). */
enum cmd_id {
	CMD_UP, CMD_DOWN, CMD_PAGE, CMD_ENDS, CMD_SCROLL, CMD_SEARCH, CMD_GROUP,
	/* alarm steps: each is an op */
	CMD_NEXT, CMD_CLAIM, CMD_REVIEW_VIDEO, CMD_REVIEW_AUDIO, CMD_REVIEW_IMAGE,
	CMD_REVIEW_PHONE, CMD_REAL, CMD_FALSE, CMD_INCONCLUSIVE, CMD_FORWARD, CMD_POLICE,
	CMD_ORDER, CMD_HOLD, CMD_NOTE, CMD_CALL, CMD_PLAN, CMD_SITE_TEST, CMD_CONTROL, CMD_MAP, CMD_RELEASE, CMD_CLOSE,
	/* batch verbs only: on the screen Enter takes these steps */
	CMD_TICK, CMD_CONFIRM, CMD_DISPATCH, CMD_DEPART, CMD_ARRIVE, CMD_REPORT, CMD_UNHOLD,
	CMD_WORK, CMD_WORK_NEW,
	/* the console itself */
	CMD_SILENCE, CMD_HELP, CMD_QUIT, CMD_REDRAW, CMD_PAGES, CMD_SITE_CARD, CMD_NOTICE_PAGE, CMD_PERMIT, CMD_AUTOLOG,
	CMD_COUNT
};

/* Which keys of the config a command takes (0: its own fixed key). */
enum cmd_keyslot { SLOT_FIXED, SLOT_CLAIM, SLOT_RELEASE, SLOT_CLOSE, SLOT_SILENCE, SLOT_HELP, SLOT_QUIT };

#define CMD_OPERATOR 1u   /* roles that may use it */
#define CMD_SUPERVISOR 2u
#define CMD_ANYONE (CMD_OPERATOR | CMD_SUPERVISOR)

struct command {
	enum cmd_id id;
	int key;              /* its key (a character), 0: none or configurable */
	enum cmd_keyslot slot;
	const char *keys;     /* the keys as the help shows them, when not one character */
	const char *verb;     /* the batch verb (the protocol's action name), or NULL */
	int action;           /* enum proto_action, or -1: not an op */
	const char *text;     /* the op's fixed text ("video"), or NULL: from the operator */
	const char *label;    /* the help line (to translate), NULL: shown with the row above */
	unsigned roles;
	bool changes;         /* changes an alarm: refused while read-only */
};

extern const struct command commands[CMD_COUNT];

/* The key of a command under these keys (0: none). */
int command_key(const struct command *c, const struct config_keys *k);
/* The command a character key takes (not Enter, not a function key), or NULL. */
const struct command *command_by_key(int ch, const struct config_keys *k);
/* The op command a batch verb names ("claim", "review" …), or NULL. */
const struct command *command_by_verb(const char *verb);
/* True when role may use it. */
bool command_allowed(const struct command *c, enum proto_role role);

#endif
