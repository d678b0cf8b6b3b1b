/* usage.h — the text of `alarmdesk-center --help`. */
#ifndef CENTER_USAGE_H
#define CENTER_USAGE_H

extern const char center_usage[];

#endif
