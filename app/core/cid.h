/* cid.h — Contact ID (SIA DC-05) event codes in words, English and Chinese,
 * and the SIA DCS codes they correspond to. The one table is generated from
 * data/contact_id_codes.csv. */
#ifndef CID_H
#define CID_H

struct cid_code {
	const char *code, *en, *zh;
	const char *sia_new, *sia_restore; /* SIA codes for qualifier 1 and 3, "" none */
};

/* The entry for a 3-digit code, or NULL when the code is unknown. */
const struct cid_code *cid_lookup(const char *code);
/* The Contact ID code of a 2-letter SIA code, and whether it reports a
 * restore (*restore; an SIA code both ways counts as new), or NULL. */
const struct cid_code *cid_of_sia(const char *sia, int *restore);

#endif
