/* paysign_soak.c: calls libpaysign a million times and fails if the process
 * grows: every returned buffer is freed, so resident memory must stay flat.
 *
 * The calls rotate through "paysign.version" and every request of
 * testvectors/demo/requests.json (payway.sign with HMAC and RSA), plus a
 * malformed request (the error path). RSS is read from /proc/self/statm
 * after a warm-up (Go's heap and the JSON caches settle first) and at the end.
 *
 * Usage: paysign_soak [requests.json [calls [max_growth_kib]]] */
#include "paysign.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct request {
	char *op;
	char *body;
};

static long rss_kib(void) {
	long pages_total = 0, pages_resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f == NULL || fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) {
		fprintf(stderr, "soak: cannot read /proc/self/statm\n");
		exit(2);
	}
	fclose(f);
	return pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static double now_seconds(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t load_requests(const char *path, struct request *out, size_t max) {
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "soak: cannot open %s\n", path);
		exit(2);
	}
	static char text[1 << 20];
	size_t len = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[len] = '\0';
	cJSON *doc = cJSON_Parse(text);
	size_t n = 0;
	out[n].op = strdup("paysign.version");
	out[n++].body = strdup("{}");
	out[n].op = strdup("paysign.version");
	out[n++].body = strdup("{\"unknown\": true"); /* malformed: the error path */
	const cJSON *item;
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(doc, "requests")) {
		const cJSON *op = cJSON_GetObjectItemCaseSensitive(item, "op");
		const cJSON *request = cJSON_GetObjectItemCaseSensitive(item, "request");
		if (n < max && cJSON_IsString(op) && request != NULL) {
			out[n].op = strdup(op->valuestring);
			out[n++].body = cJSON_PrintUnformatted(request);
		}
	}
	cJSON_Delete(doc);
	return n;
}

static void call_once(const struct request *r, long i) {
	char *out = NULL;
	size_t out_len = 0;
	int status = paysign_call(r->op, r->body, strlen(r->body), &out, &out_len);
	if (status != PAYSIGN_OK && status != PAYSIGN_ERROR) {
		fprintf(stderr, "soak: call %ld (%s) returned status %d\n", i, r->op, status);
		exit(1);
	}
	paysign_free(out);
}

int main(int argc, char **argv) {
	const char *path = argc > 1 ? argv[1] : "testvectors/demo/requests.json";
	long calls = argc > 2 ? atol(argv[2]) : 1000000;
	long max_growth_kib = argc > 3 ? atol(argv[3]) : 5 * 1024;
	struct request requests[64];
	size_t n = load_requests(path, requests, 64);

	long warmup = calls / 50;
	for (long i = 0; i < warmup; i++) {
		call_once(&requests[i % n], i);
	}
	long before = rss_kib();
	double start = now_seconds();
	for (long i = 0; i < calls; i++) {
		call_once(&requests[i % n], i);
	}
	double elapsed = now_seconds() - start;
	long after = rss_kib();
	long growth = after - before;
	printf("soak: %ld calls over %zu request kinds in %.1f s (%.2f us/call); RSS %ld KiB -> %ld KiB (%+ld KiB, limit %ld KiB)\n",
	       calls, n, elapsed, elapsed * 1e6 / (double)calls, before, after, growth, max_growth_kib);
	for (size_t i = 0; i < n; i++) {
		free(requests[i].op);
		free(requests[i].body);
	}
	if (growth >= max_growth_kib) {
		printf("soak: 0 passed, 1 failed\n");
		return 1;
	}
	printf("soak: 1 passed, 0 failed\n");
	return 0;
}
