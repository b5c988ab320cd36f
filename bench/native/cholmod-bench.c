/* CHOLMOD reference for bench/sparse.mjs: reads a symmetric matrix (lower triangle, CSC) from a
 * binary file written by the benchmark — int64 n, int64 nnz, then (n + 1) int32 column pointers,
 * nnz int32 row indices, nnz float64 values, little endian — and times, with AMD ordering and
 * CHOLMOD's default supernodal method on whatever BLAS it is linked with (run it with
 * OPENBLAS_NUM_THREADS=1): cholmod_analyze once per rep, cholmod_factorize (numeric) reps times,
 * cholmod_solve once per rep. Prints one JSON line of median seconds, nnz(L) and the relative residual.
 * With CHOLMOD_BENCH_CPU set in the environment the times are CPU times of the process.
 * Build: cc -O2 cholmod-bench.c -I/usr/include/suitesparse -lcholmod -lsuitesparseconfig -lm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
#include <cholmod.h>

/* Wall clock, or with CHOLMOD_BENCH_CPU set the CPU time of this process (a busy machine). */
static int use_cpu = 0;
static double now(void) {
  struct timespec t;
  clock_gettime(use_cpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
  qsort(v, n, sizeof(double), cmp);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: cholmod-bench matrix.bin reps\n");
    return 1;
  }
  int reps = atoi(argv[2]);
  use_cpu = getenv("CHOLMOD_BENCH_CPU") != NULL;
  FILE *f = fopen(argv[1], "rb");
  if (!f) return 1;
  long long hdr[2];
  if (fread(hdr, 8, 2, f) != 2) return 1;
  long n = hdr[0], nnz = hdr[1];
  cholmod_common c;
  cholmod_start(&c);
  cholmod_sparse *A = cholmod_allocate_sparse(n, n, nnz, 1, 1, -1, CHOLMOD_REAL, &c);
  int *ap = A->p, *ai = A->i;
  double *ax = A->x;
  if (fread(ap, 4, n + 1, f) != (size_t)(n + 1) || fread(ai, 4, nnz, f) != (size_t)nnz ||
      fread(ax, 8, nnz, f) != (size_t)nnz)
    return 1;
  fclose(f);
  c.nmethods = 1;
  c.method[0].ordering = CHOLMOD_AMD;
  c.postorder = 1;
  double *ta = malloc(reps * sizeof(double)), *tf = malloc(reps * sizeof(double)), *ts = malloc(reps * sizeof(double));
  cholmod_dense *b = cholmod_ones(n, 1, CHOLMOD_REAL, &c);
  cholmod_factor *L = NULL;
  double resid = 0, lnz = 0;
  for (int r = 0; r < reps; r++) {
    if (L) cholmod_free_factor(&L, &c);
    double t0 = now();
    L = cholmod_analyze(A, &c);
    double t1 = now();
    cholmod_factorize(A, L, &c);
    double t2 = now();
    if (c.status != CHOLMOD_OK) {
      printf("{\"error\":\"cholmod status %d\"}\n", c.status);
      return 0;
    }
    cholmod_dense *x = cholmod_solve(CHOLMOD_A, L, b, &c);
    double t3 = now();
    ta[r] = t1 - t0;
    tf[r] = t2 - t1;
    ts[r] = t3 - t2;
    lnz = c.lnz;
    /* ‖b − A·x‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) */
    cholmod_dense *res = cholmod_copy_dense(b, &c);
    double one[2] = {1, 0}, minus[2] = {-1, 0};
    cholmod_sdmult(A, 0, minus, one, x, res, &c);
    double rn = cholmod_norm_dense(res, 0, &c), xn = cholmod_norm_dense(x, 0, &c);
    double an = cholmod_norm_sparse(A, 0, &c);
    resid = rn / (an * xn + 1.0);
    cholmod_free_dense(&res, &c);
    cholmod_free_dense(&x, &c);
  }
  printf("{\"analyse\":%.6g,\"factor\":%.6g,\"solve\":%.6g,\"nnzL\":%.0f,\"flops\":%.6g,\"residual\":%.3g,\"supernodal\":%d}\n",
         median(ta, reps), median(tf, reps), median(ts, reps), lnz, c.fl, resid, L->is_super);
  cholmod_free_factor(&L, &c);
  cholmod_free_dense(&b, &c);
  cholmod_free_sparse(&A, &c);
  cholmod_finish(&c);
  return 0;
}
