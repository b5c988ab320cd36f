"""Native reference for the benchmark suite: numpy/scipy (OpenBLAS), one thread.

Two modes, both started by bench/native.mjs with OPENBLAS_NUM_THREADS=1 (and the other threading
variables) set and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed:

- `native.py --serve`: a contender inside the JavaScript rounds. One JSON request per line on
  stdin, one JSON reply per line on stdout: {"cmd": "info"}; {"cmd": "prepare", "op", "n",
  "timing"} builds the input, checks the result, warms up and picks `reps`; {"cmd": "sample"}
  times `reps` calls and replies the seconds per call. The JavaScript harness asks for one sample
  per round, so drift of a shared machine falls on native and JavaScript alike.
- `native.py` alone: reads {"ops", "sizes", "timing"} on stdin, times every cell by itself
  (warm-up, median over rounds) and prints one JSON object.

The scipy calls pass check_finite=False: the fastest way a user can call them.
"""

import ctypes
import glob
import json
import os
import platform
import statistics
import sys
import time

import numpy as np
import scipy
import scipy.linalg as sla


def openblas_info():
    """The OpenBLAS build and the kernel it selected at run time (via its own C API)."""
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*.so*"))
    libs += glob.glob(os.path.join(os.path.dirname(np.__file__), ".libs", "*openblas*.so*"))
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix in (("scipy_openblas", "64_"), ("scipy_openblas", ""), ("openblas", "")):
            try:
                core = getattr(lib, f"{prefix}_get_corename{suffix}")
                conf = getattr(lib, f"{prefix}_get_config{suffix}")
                threads = getattr(lib, f"{prefix}_get_num_threads{suffix}")
            except AttributeError:
                continue
            core.restype = ctypes.c_char_p
            conf.restype = ctypes.c_char_p
            return {
                "library": os.path.basename(path),
                "corename": core().decode(),
                "config": conf().decode(),
                "threads": threads(),
            }
    return {"library": "unknown"}


def spd(n, rng):
    """Symmetric, diagonally dominant: a_ii = n + 1, |a_ij| ≤ 1 (as bench/problems.mjs)."""
    a = rng.uniform(-1, 1, (n, n))
    a = np.tril(a, -1)
    a = a + a.T
    a[np.diag_indices(n)] = n + 1
    return a


EPS = np.finfo(float).eps


def scaled(r, s, n):
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.max(np.abs(r) / (s * max(n, 1) * EPS)))


def make(op, n, rng):
    """Inputs, the timed call, and the check (a scaled residual, as in bench/problems.mjs)."""
    if op == "gemm":
        A, B = rng.uniform(-1, 1, (n, n)), rng.uniform(-1, 1, (n, n))
        x = rng.uniform(-1, 1, n)
        return (lambda: A @ B), (lambda C: scaled(C @ x - A @ (B @ x), np.abs(A) @ (np.abs(B) @ np.abs(x)), n))
    if op == "cholesky":
        A = spd(n, rng)
        x = rng.uniform(-1, 1, n)

        def check(c):
            L = np.tril(c[0])
            return scaled(A @ x - L @ (L.T @ x), np.abs(L) @ (np.abs(L.T) @ np.abs(x)), n)

        return (lambda: sla.cho_factor(A, lower=True, check_finite=False)), check
    if op == "lu":
        A = rng.uniform(-1, 1, (n, n))
        x = rng.uniform(-1, 1, n)

        def check(f):
            P, L, U = sla.lu(A)  # independent reference of the permutation is not needed:
            lu, piv = f
            Lf = np.tril(lu, -1) + np.eye(n)
            Uf = np.triu(lu)
            perm = np.arange(n)
            for i, k in enumerate(piv):
                perm[[i, k]] = perm[[k, i]]
            return scaled(A[perm] @ x - Lf @ (Uf @ x), np.abs(Lf) @ (np.abs(Uf) @ np.abs(x)), n)

        return (lambda: sla.lu_factor(A, check_finite=False)), check
    if op in ("cholesky-solve", "lu-solve"):
        A = spd(n, rng) if op == "cholesky-solve" else rng.uniform(-1, 1, (n, n))
        b = rng.uniform(-1, 1, n)
        if op == "cholesky-solve":
            c = sla.cho_factor(A, lower=True, check_finite=False)
            run = lambda: sla.cho_solve(c, b, check_finite=False)  # noqa: E731
            # A C-ordered factor makes LAPACK's dpotrs work on a Fortran copy of it each call;
            # a factor of a Fortran-ordered A avoids that copy. Timed too, reported beside.
            cf = sla.cho_factor(np.asfortranarray(A), lower=True, check_finite=False)
            run.alt = ("cho_solve, Fortran-ordered factor", lambda: sla.cho_solve(cf, b, check_finite=False))
        else:
            f = sla.lu_factor(A, check_finite=False)
            run = lambda: sla.lu_solve(f, b, check_finite=False)  # noqa: E731
        return run, (lambda x: scaled(b - A @ x, np.abs(A) @ np.abs(x) + np.abs(b), n))
    if op == "hypergradient":
        H, C, v = spd(n, rng), rng.uniform(-1, 1, (n, n)), rng.uniform(-1, 1, n)
        g = H @ v

        def run():
            c = sla.cho_factor(H, lower=True, check_finite=False)
            return -(C.T @ sla.cho_solve(c, g, check_finite=False))

        return run, (lambda h: scaled(h + C.T @ v, np.abs(C.T) @ np.abs(v), n) / 10)
    if op == "jacobian":
        A, X = rng.uniform(-1, 1, (n, n)), rng.uniform(-1, 1, (n, n))
        x = rng.uniform(-1, 1, n)

        def run():
            return -sla.lu_solve(sla.lu_factor(A, check_finite=False), X, check_finite=False)

        return run, (lambda J: scaled(A @ (J @ x) + X @ x, np.abs(A) @ (np.abs(J) @ np.abs(x)) + np.abs(X) @ np.abs(x), n))
    raise ValueError(op)


def clock(timing):
    """The clock the JavaScript side uses: CPU time of this process, or wall time."""
    return time.process_time if timing.get("clock") == "cpu" else time.perf_counter


def time_cell(run, timing):
    now = clock(timing)
    t0 = now()
    run()
    first = now() - t0
    calls, t1 = 0, now()
    while True:
        run()
        calls += 1
        elapsed = now() - t1
        if (calls >= 2 and elapsed * 1e3 >= timing["warmupMs"]) or elapsed * 1e3 >= timing["budgetMs"] / 4:
            break
    per_call = min(first, elapsed / calls)
    reps = max(1, int(np.ceil(timing["sampleMs"] / 1e3 / max(per_call, 1e-7))))
    affordable = int(timing["budgetMs"] / 1e3 / max(per_call * reps, 1e-6))
    rounds = max(timing["minRounds"], min(timing["rounds"], affordable))
    samples = []
    for _ in range(rounds):
        t0 = now()
        for _ in range(reps):
            run()
        samples.append((now() - t0) / reps)
    return {"seconds": statistics.median(samples), "min": min(samples), "samples": samples, "reps": reps}


def warm(run, timing):
    """Warm-up after the checked first call; returns the time per call it observed."""
    now = clock(timing)
    calls, t1 = 0, now()
    while True:
        run()
        calls += 1
        elapsed = now() - t1
        if (calls >= 2 and elapsed * 1e3 >= timing["warmupMs"]) or elapsed * 1e3 >= timing["budgetMs"] / 4:
            return elapsed / calls


def serve():
    """The line protocol of --serve (see the module docstring)."""
    run, reps, now = None, 1, time.perf_counter
    for line in sys.stdin:
        req = json.loads(line)
        try:
            if req["cmd"] == "info":
                out = info()
            elif req["cmd"] == "prepare":
                op, n, timing = req["op"], req["n"], req["timing"]
                run = None
                now = clock(timing)
                fn, check = make(op, n, np.random.default_rng(1000 + n))
                t0 = now()
                res = fn()
                first = now() - t0
                err = check(res)
                if not err < 100:
                    raise ValueError(f"wrong result: scaled residual {err:.3g}")
                per_call = first if first * 1e3 >= timing["budgetMs"] / 4 else min(first, warm(fn, timing))
                reps = max(1, int(np.ceil(timing["sampleMs"] / 1e3 / max(per_call, 1e-7))))
                if first * 1e3 >= timing["budgetMs"] / 4:
                    reps = 1
                run = fn
                out = {"ok": True, "reps": reps, "perCall": per_call, "checkError": err}
                if hasattr(fn, "alt"):
                    label, alt = fn.alt
                    out["alt"] = {"label": label, **time_cell(alt, timing)}
            elif req["cmd"] == "sample":
                if run is None:
                    raise RuntimeError("sample before a successful prepare")
                t0 = now()
                for _ in range(reps):
                    run()
                out = {"seconds": (now() - t0) / reps}
            else:
                raise ValueError(f"unknown command {req['cmd']}")
        except Exception as e:  # noqa: BLE001 — a failure is a result to report
            out = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


def info():
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        **openblas_info(),
        "env": {
            k: os.environ.get(k)
            for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
        },
    }


def main():
    if "--serve" in sys.argv:
        serve()
        return
    config = json.load(sys.stdin)
    timing = config["timing"]
    results = {}
    for op in config["ops"]:
        results[op] = {}
        for n in config["sizes"]:
            rng = np.random.default_rng(1000 + n)
            try:
                run, check = make(op, n, rng)
                err = check(run())
                if not err < 100:
                    raise ValueError(f"wrong result: scaled residual {err:.3g}")
                rec = time_cell(run, timing)
                rec.update(status="ok", checkError=err)
                if hasattr(run, "alt"):
                    label, alt = run.alt
                    rec["alt"] = {"label": label, **time_cell(alt, timing)}
            except Exception as e:  # noqa: BLE001 — a failure is a result to report
                rec = {"status": "failed", "reason": f"{type(e).__name__}: {e}"}
            results[op][str(n)] = rec
    json.dump({"info": info(), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
