/* paysign.h: C interface to paysign, the payment-request signing core.
 *
 * One call does everything: paysign_call(op, request JSON) returns a JSON
 * response envelope,
 *
 *     {"ok":true,"value":{...}}
 *     {"ok":false,"error":{"code":"...","message":"...","field":"..."}}
 *
 * with the operations and the closed set of error codes described in the
 * repository's docs/envelope.md and listed at run time by op "paysign.version".
 *
 * Memory: inputs are borrowed for the duration of the call only and never
 * modified. Every buffer the library returns through `out` is allocated by
 * the library and MUST be released with paysign_free() (not free(), not
 * PHP's FFI::free()).
 *
 * Threads: every function may be called from any thread, concurrently.
 *
 * Fork: load the library AFTER fork(). A Go runtime does not survive
 * fork(2); a child that uses a library loaded by its parent can hang
 * (golang/go#15538). The library cannot be unloaded (no dlclose).
 *
 * This header is checked against the one cgo generates (`make check-header`),
 * so the prototypes are exactly cgo's (hence no const). The block between the
 * "paysign:ffi" markers holds no preprocessor lines; PHP's FFI::cdef reads a
 * verbatim copy of it (bindings/php/src/paysign.ffi.h, checked by the same
 * target).
 */
#ifndef PAYSIGN_H
#define PAYSIGN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* paysign:ffi-begin */
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
/* paysign:ffi-end */

#ifdef __cplusplus
}
#endif

#endif /* PAYSIGN_H */
