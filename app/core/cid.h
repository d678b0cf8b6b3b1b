/* cid.h — Contact ID (SIA DC-05) event codes in words, English and Chinese.
 * The table is generated from data/contact_id_codes.csv. */
#ifndef CID_H
#define CID_H

struct cid_code {
	const char *code, *en, *zh;
};

/* The entry for a 3-digit code, or NULL when the code is unknown. */
const struct cid_code *cid_lookup(const char *code);

#endif
