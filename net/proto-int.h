/* proto-int.h — what the decoder (proto.c) and the encoder
 * (proto_encode.c) share so that both sides name fields alike. Private to
 * net/. */
#ifndef PROTO_INT_H
#define PROTO_INT_H

#include <stddef.h>

#include "proto.h"

/* The plain counters of a figures message: wire name and place in struct
 * figures. */
struct proto_fig_total {
	const char *name;
	size_t offset; /* of a uint32_t */
};
extern const struct proto_fig_total proto_fig_totals[];
extern const size_t proto_fig_ntotals;

#endif
