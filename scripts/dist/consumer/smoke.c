/* dist-check: links a cross-built libpaysign (aarch64 under qemu-user), checks
 * the ABI version and prints the envelope of one payway.sign purchase, which
 * dist-check.sh compares with the x86_64 library's and checks with Python's hmac. */
#include <stdio.h>
#include <string.h>

#include "paysign.h"

int main(void) {
  static const char request[] =
      "{\"operation\":\"purchase\",\"credentials\":{\"merchant_id\":\"ec000002\","
      "\"api_key\":\"TEST_ONLY_dist_check_api_key\"},\"request_time\":\"20261121093403\","
      "\"params\":{\"tran_id\":\"T1002\",\"amount\":\"2.50\",\"currency\":\"USD\","
      "\"items\":[{\"name\":\"Latte\",\"quantity\":1,\"price\":\"2.50\"}]}}";
  if (paysign_abi_version() != 1) {
    fprintf(stderr, "smoke: ABI version %d\n", paysign_abi_version());
    return 1;
  }
  char *out = NULL;
  size_t out_len = 0;
  static char op[] = "payway.sign";
  int status = paysign_call(op, (char *)request, strlen(request), &out, &out_len);
  if (out == NULL) return 1;
  fwrite(out, 1, out_len, stdout);
  putchar('\n');
  paysign_free(out);
  return status;
}
