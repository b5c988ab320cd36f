"""scipy's splu (SuperLU) as a reference for bench/sparse.mjs: reads the binary lower triangle that
bench/sparse-problems.mjs writes, mirrors it, and times splu (MMD on AᵀA + A ordering, the choice for
symmetric matrices) and one solve; prints one JSON line of median seconds and nnz(L) + nnz(U).
Run with OPENBLAS_NUM_THREADS=1: python3 bench/native/splu.py matrix.bin reps"""
import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu


# SPLU_BENCH_CPU set: CPU time of the process instead of the wall clock (a busy machine).
clock = time.process_time if os.environ.get("SPLU_BENCH_CPU") else time.perf_counter


def main():
    path, reps = sys.argv[1], int(sys.argv[2])
    raw = open(path, "rb").read()
    n, nnz = np.frombuffer(raw, dtype="<i8", count=2)
    off = 16
    p = np.frombuffer(raw, dtype="<i4", count=n + 1, offset=off)
    off += 4 * (n + 1)
    i = np.frombuffer(raw, dtype="<i4", count=nnz, offset=off)
    off += 4 * nnz
    x = np.frombuffer(raw, dtype="<f8", count=nnz, offset=off)
    L = sp.csc_matrix((x, i, p), shape=(n, n))
    A = (L + sp.triu(L.T, 1)).tocsc()
    b = np.ones(n)
    tf, ts = [], []
    for _ in range(reps):
        t0 = clock()
        lu = splu(A, permc_spec="MMD_AT_PLUS_A")
        t1 = clock()
        y = lu.solve(b)
        t2 = clock()
        tf.append(t1 - t0)
        ts.append(t2 - t1)
    r = np.abs(A @ y - b).max() / (abs(A).sum(axis=1).max() * np.abs(y).max() + 1)
    print(json.dumps({"factor": float(np.median(tf)), "solve": float(np.median(ts)),
                      "nnzLU": int(lu.L.nnz + lu.U.nnz), "residual": float(r)}))


main()
