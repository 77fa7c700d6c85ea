/* Return values of paysign_call. */
enum paysign_status {
	PAYSIGN_OK = 0,     /* *out holds {"ok":true,"value":...} */
	PAYSIGN_ERROR = 1,  /* *out holds {"ok":false,"error":...}: bad input, a structured error */
	PAYSIGN_PANIC = 2,  /* *out holds error code "internal": a bug, recovered; the library keeps working */
	PAYSIGN_MISUSE = 3  /* the calling convention was broken; see paysign_call */
};

/* paysign_abi_version returns the version of the envelope and of the
 * operations' contract (1). Bindings check it once after loading. */
int paysign_abi_version(void);

/* paysign_call runs operation op (a NUL-terminated name such as
 * "payway.sign") on the JSON request req[0:req_len] and returns a
 * paysign_status.
 *
 * Ownership: op and req are borrowed for the call only. On return, *out is
 * a new buffer owned by the caller, which must release it with
 * paysign_free(); *out_len is its length in bytes. The buffer also has a
 * terminating NUL that *out_len does not count.
 *
 * req may be NULL only when req_len is 0 (an empty request means {}).
 * If out or out_len is NULL, nothing is written and PAYSIGN_MISUSE is
 * returned. If op is NULL, or req is NULL with req_len > 0, *out holds an
 * envelope with error code "misuse" and PAYSIGN_MISUSE is returned. */
int paysign_call(char* op, char* req, size_t req_len, char** out, size_t* out_len);

/* paysign_free releases a buffer returned through paysign_call's out.
 * Ownership: p is consumed; passing NULL is a no-op. */
void paysign_free(char* p);
