/* header_check.c: compile-time drift check between the hand-written public
 * header and the one cgo generates (build/libpaysign.h). Both declare the
 * same functions in one translation unit, so any difference in a prototype
 * is a "conflicting types" error. scripts/native-check-header.sh also checks
 * that both headers declare the same set of functions.
 *
 * It lives in testdata/ because cgo would compile a .c file placed in the
 * cshared package directory into the library. */
#include "paysign.h"
#include "libpaysign.h"

/* Typed pointers pin the exact signatures once more (a header could declare
 * a function without a prototype, which C would accept silently). */
int (*const check_paysign_call)(char*, char*, size_t, char**, size_t*) = paysign_call;
void (*const check_paysign_free)(char*) = paysign_free;
int (*const check_paysign_abi_version)(void) = paysign_abi_version;

_Static_assert(PAYSIGN_OK == 0 && PAYSIGN_ERROR == 1 && PAYSIGN_PANIC == 2 && PAYSIGN_MISUSE == 3,
               "paysign_status values are fixed by docs/envelope.md");
