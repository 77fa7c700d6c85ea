/* C bench: paysign_call through cshared/include/paysign.h for every bench
 * workload (build/bench/workloads.json), time per call as JSON for
 * bench/report.py. No baseline: C users would link OpenSSL themselves; the
 * row shows the floor every FFI binding pays.
 *
 *   bench WORKLOADS OUT SCALE REPS
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paysign.h"

struct job {
	const char *name;
	char *op, *body;
	long iters;
	double ns[64];
};

static double now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double run(const struct job *j, long n) {
	size_t len = strlen(j->body);
	double start = now_ns();
	for (long i = 0; i < n; i++) {
		char *out = NULL;
		size_t out_len = 0;
		int status = paysign_call(j->op, j->body, len, &out, &out_len);
		if (status != PAYSIGN_OK) {
			fprintf(stderr, "bench-c: %s returned status %d: %.*s\n", j->name, status, (int)out_len, out ? out : "");
			exit(1);
		}
		paysign_free(out);
	}
	return now_ns() - start;
}

static long calibrate(const struct job *j, double ns) {
	run(j, 1);
	for (long n = 1;; n *= 2) {
		double el = run(j, n);
		if (el >= ns / 8 || n >= 1L << 24) {
			long it = lround((double)n * ns / (el > 1 ? el : 1));
			return it > 0 ? it : 1;
		}
	}
}

int main(int argc, char **argv) {
	if (argc != 5) {
		fprintf(stderr, "usage: bench WORKLOADS OUT SCALE REPS\n");
		return 2;
	}
	double scale = atof(argv[3]);
	int reps = atoi(argv[4]);
	if (reps < 1 || reps > 64) reps = 5;
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	static char text[1 << 20];
	size_t len = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[len] = '\0';
	cJSON *doc = cJSON_Parse(text);
	struct job jobs[16];
	int n = 0;
	const cJSON *w;
	cJSON_ArrayForEach(w, doc) {
		if (n == 16) break;
		jobs[n].name = cJSON_GetObjectItemCaseSensitive(w, "name")->valuestring;
		jobs[n].op = cJSON_GetObjectItemCaseSensitive(w, "op")->valuestring;
		jobs[n].body = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(w, "request"));
		jobs[n].iters = calibrate(&jobs[n], 2e8 * scale);
		n++;
	}
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < n; i++) jobs[i].ns[r] = run(&jobs[i], jobs[i].iters) / (double)jobs[i].iters;
		fprintf(stderr, "c: round %d/%d\n", r + 1, reps);
	}
	FILE *o = fopen(argv[2], "w");
	if (!o) {
		perror(argv[2]);
		return 2;
	}
	fprintf(o, "{\"runtime\": \"c\", \"results\": [\n");
	for (int i = 0; i < n; i++) {
		fprintf(o, "%s {\"runtime\": \"c\", \"workload\": \"%s\", \"impl\": \"paysign\", \"iters\": %ld, \"ns_per_op\": [", i ? ",\n" : "",
		        jobs[i].name, jobs[i].iters);
		for (int r = 0; r < reps; r++) fprintf(o, "%s%.1f", r ? ", " : "", jobs[i].ns[r]);
		fprintf(o, "]}");
	}
	fprintf(o, "\n]}\n");
	fclose(o);
	return 0;
}
