/**
 * The exports of the WebAssembly core (assembly/index.ts), typed. This interface is the ABI
 * between src/ and assembly/: pointers are byte offsets into `memory`, matrices are row-major
 * with a leading dimension counted in elements, flags are 0/1 integers, and `ipiv` holds 0-based
 * row indices (i32). Kernels never throw; numerical failure comes back as a LAPACK-style `info`
 * (0 = success, k > 0 = failure at the 1-based pivot k).
 */
export interface Kernels {
  /**
   * The module's linear memory, of which only the current `buffer` is read: a structural view of
   * `WebAssembly.Memory`, so that the published types need no lib that declares WebAssembly.
   */
  readonly memory: { readonly buffer: ArrayBuffer };

  /** Allocates `bytes` bytes, 16-byte aligned; returns the byte offset. At most 2^30 - 4 bytes. */
  alloc(bytes: number): number;
  /** Frees a block returned by `alloc`. */
  free(ptr: number): void;

  /** Σ x[i·incx]·y[i·incy], i < n. */
  dot(n: number, x: number, incx: number, y: number, incy: number): number;
  /** y[i·incy] += alpha·x[i·incx], i < n. */
  axpy(n: number, alpha: number, x: number, incx: number, y: number, incy: number): void;
  /** y = alpha·op(A)·x + beta·y with A m×n (op = Aᵀ when trans = 1); x, y unit stride. */
  gemv(
    trans: number,
    m: number,
    n: number,
    alpha: number,
    a: number,
    lda: number,
    x: number,
    beta: number,
    y: number,
  ): void;
  /** C = alpha·op(A)·op(B) + beta·C, C m×n, op(A) m×k, op(B) k×n. beta = 0 ignores C's contents. */
  gemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
  ): void;
  /**
   * Symmetric rank-k update of one triangle (uplo 0 = lower, 1 = upper) of C (n×n):
   * C = alpha·A·Aᵀ + beta·C (trans = 0, A n×k) or C = alpha·Aᵀ·A + beta·C (trans = 1, A k×n).
   */
  syrk(
    uplo: number,
    trans: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    beta: number,
    c: number,
    ldc: number,
  ): void;
  /**
   * Triangular solve with many right-hand sides, B (m×n) overwritten by X:
   * side 0: op(A)·X = alpha·B (A m×m); side 1: X·op(A) = alpha·B (A n×n).
   * uplo 0 = lower, 1 = upper; transA 1 = Aᵀ; diag 1 = unit diagonal (not referenced).
   */
  trsm(
    side: number,
    uplo: number,
    transA: number,
    diag: number,
    m: number,
    n: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
  ): void;

  /**
   * Cholesky A = L·Lᵀ of the lower triangle (the strict upper triangle is neither read nor
   * written). Returns info: 0, or the 1-based index k of the first leading minor that is not
   * positive definite (L is then complete up to row k - 1).
   */
  potrf(n: number, a: number, lda: number): number;
  /** Solves A·X = B from potrf's L; B is n×nrhs, overwritten by X. */
  potrs(n: number, nrhs: number, a: number, lda: number, b: number, ldb: number): void;
  /** log det A = 2·Σ log L_ii from potrf's L. */
  potrfLogDet(n: number, a: number, lda: number): number;
  /**
   * B ← op(A)⁻¹·B (n×nrhs, overwritten) of assembly/checked.ts from the factors of the equilibrated
   * Â = R·A·C (r = c = 0: not scaled): kind 0 Cholesky, 1 LU, 2 LDLᵀ (f, e, ipiv as each stores them).
   */
  scaledSolve(
    kind: number,
    trans: number,
    n: number,
    nrhs: number,
    f: number,
    e: number,
    ipiv: number,
    r: number,
    c: number,
    b: number,
  ): void;
  /**
   * The checked solve X = op(A)⁻¹·B of assembly/checked.ts in one call: the factors as for
   * `scaledSolve`, the original A's untouched copy at a, B and X (n×nrhs) at b and x, workspace w of
   * 2·n·nrhs + nrhs + 3n doubles; result: 5 doubles, [0] ‖op(A)‖∞ in (negative to compute it,
   * written back), out [1] final η, [2] first η, [3] refinement steps, [4] the index of X's first
   * non-finite entry or −1.
   */
  checkedSolve(
    kind: number,
    trans: number,
    n: number,
    nrhs: number,
    f: number,
    e: number,
    ipiv: number,
    r: number,
    c: number,
    a: number,
    b: number,
    x: number,
    w: number,
    tol: number,
    maxSteps: number,
    result: number,
  ): void;
  /**
   * A lower bound on rcond from the comparison matrices of the factors (assembly/rcond-bound.ts):
   * kind 0 potrf's L, 1 getrf's L and U (n×n, leading dimension n), ‖A‖₁ = anorm; work: 2n f64.
   */
  rcondBound(kind: number, n: number, a: number, anorm: number, work: number): number;
  /**
   * 1 when the reciprocal condition estimate (pocon/gecon/sycon by kind; factors as `scaledSolve`,
   * ‖A‖₁ = anorm) is at least `threshold`, else 0: decided by `rcondBound` when it proves it, else by
   * the estimate, then written to out[0] (NaN there when not computed). work: 3n f64.
   */
  rcondAtLeast(
    kind: number,
    n: number,
    f: number,
    e: number,
    ipiv: number,
    anorm: number,
    threshold: number,
    work: number,
    out: number,
  ): number;
  /**
   * The one-shot checked SPD solve of assembly/checked.ts: A (n×n) at a copied to f and factored
   * there, x = A⁻¹b, η against A, and whether rcond ≥ threshold (the estimate itself when
   * withRcond = 1); w: 5n + 1 f64. Returns potrf's info. result: 5 f64, out [0] ‖A‖∞, [1] η, [2] the
   * rcond estimate (NaN when not computed), [3] 1 when rcond ≥ threshold, else 0, [4] as checkedSolve's.
   */
  posvChecked(
    n: number,
    a: number,
    f: number,
    b: number,
    x: number,
    w: number,
    withRcond: number,
    threshold: number,
    result: number,
  ): number;
  /**
   * The dense factorization driver of assembly/factor-dense.ts: A (n×n) at a copied to `copy` (0:
   * none), equilibrated when `equilibrate` = 1 (scalings to s1, s2), factored in place by kind (0
   * potrf, 1 getrf, 2 sytrf with e, ipiv). out: 3 f64, [0] ‖Â‖₁, [1] 1 when scaled, [2] ‖A‖₁ as
   * given (LU). Returns info (> 0: zero pivot / non-positive minor, 1-based), or −1 for LU when A
   * holds NaN/±Infinity. work: 3 + sytrfWorkLength(n) f64.
   */
  factorDense(
    kind: number,
    n: number,
    a: number,
    copy: number,
    e: number,
    ipiv: number,
    s1: number,
    s2: number,
    equilibrate: number,
    work: number,
    out: number,
  ): number;
  /** Reciprocal 1-norm condition estimate from potrf's L and ‖A‖₁ (Hager/Higham, as LAPACK dpocon); work: 3n f64. */
  pocon(n: number, a: number, lda: number, anorm: number, work: number): number;

  /**
   * LU with partial pivoting P·A = L·U (L unit lower, U upper, both stored in A), m×n; ipiv[i] is the
   * 0-based row swapped with row i. Returns info: 0, or the 1-based index of the first exactly-zero
   * pivot of U (the factorization is still completed, as LAPACK dgetrf).
   */
  getrf(m: number, n: number, a: number, lda: number, ipiv: number): number;
  /** Solves A·X = B (trans = 0) or Aᵀ·X = B (trans = 1) from getrf's factors; B n×nrhs, overwritten. */
  getrs(trans: number, n: number, nrhs: number, a: number, lda: number, ipiv: number, b: number, ldb: number): void;
  /** log|det A| from getrf's factors; writes the sign of det A (+1, -1, or 0) as f64 at `sign`. */
  getrfLogAbsDet(n: number, a: number, lda: number, ipiv: number, sign: number): number;
  /** log|det A| from sytrf's block-diagonal D (diagonal of `a`, subdiagonal `e`), 2×2 blocks scaled against overflow. */
  sytrfLogAbsDet(n: number, a: number, lda: number, e: number): number;
  /** det A = sign(P)·Π u_ii from getrf's factors, rescaled by powers of two so no intermediate over/underflows. */
  getrfDet(n: number, a: number, lda: number, ipiv: number): number;
  /** Reciprocal 1-norm condition estimate from getrf's factors and ‖A‖₁ (as LAPACK dgecon); work: 3n f64. */
  gecon(n: number, a: number, lda: number, anorm: number, work: number): number;

  /** Index of the first entry of x[0:n] (f64) that is NaN or ±Infinity, or −1 when all are finite. */
  firstNonFinite(x: number, n: number): number;
  /**
   * Power-of-two row and column scalings of an m×n matrix as LAPACK dgeequb into r (m f64) and c
   * (n f64); writes rowcnd, colcnd, amax at out (3 f64). Returns info: 0, i+1 for a zero row i,
   * m+j+1 for a zero column j.
   */
  geequb(m: number, n: number, a: number, lda: number, r: number, c: number, out: number): number;
  /** Applies geequb's scalings in place where LAPACK dlaqge would (resetting unused ones to 1); returns equed 0/1/2/3 (none/rows/columns/both). */
  laqge(
    m: number,
    n: number,
    a: number,
    lda: number,
    r: number,
    c: number,
    rowcnd: number,
    colcnd: number,
    amax: number,
  ): number;
  /** Power-of-two symmetric scaling s (n f64) of the symmetric matrix stored in A's lower triangle; writes scond, amax at out (2 f64). Returns info: 0 or i+1 for a zero row i. */
  syequb(n: number, a: number, lda: number, s: number, out: number): number;
  /** Applies syequb's scaling to A's lower triangle where LAPACK dlaqsy would (else s reset to 1); returns 1 if applied. */
  laqsy(n: number, a: number, lda: number, s: number, scond: number, amax: number): number;
  /** ‖A‖₁ = max column sum of |a_ij| of a general m×n matrix. */
  norm1(m: number, n: number, a: number, lda: number): number;
  /** ‖A‖₁ of the symmetric matrix whose lower triangle is stored in A. */
  norm1SymLower(n: number, a: number, lda: number): number;
  /** ‖A‖∞ (maximum absolute row sum) of a general m×n matrix; NaN if any entry is. */
  normInf(m: number, n: number, a: number, lda: number): number;

  // robust solves: symmetric indefinite LDLᵀ (Bunch–Kaufman) and least squares (QR with column pivoting)
  /**
   * P·A·Pᵀ = L·D·Lᵀ of the lower triangle (Bunch–Kaufman, blocked, as LAPACK dsytrf with the storage
   * of dsytrf_rk): L unit lower in the strict lower triangle, D's diagonal on the diagonal, D's 2×2
   * subdiagonals in e (n f64, 0 for 1×1 pivots); ipiv (n i32): k ↔ ipiv[k] for a 1×1 pivot,
   * ipiv[k] = ipiv[k+1] = −(p+1) for a 2×2 pivot that swapped k+1 ↔ p. work: sytrfWorkLength(n) f64.
   * Returns info: 0, or the 1-based index of the first exactly-zero 1×1 pivot (completed anyway).
   */
  sytrf(n: number, a: number, lda: number, e: number, ipiv: number, work: number): number;
  /** Length in f64 of sytrf's workspace. */
  sytrfWorkLength(n: number): number;
  /** Solves A·X = B from sytrf's factors; B is n×nrhs, overwritten by X. */
  sytrs(n: number, nrhs: number, a: number, lda: number, e: number, ipiv: number, b: number, ldb: number): void;
  /** Reciprocal 1-norm condition estimate from sytrf's factors and ‖A‖₁ (as LAPACK dsycon); work: 3n f64. */
  sycon(n: number, a: number, lda: number, e: number, ipiv: number, anorm: number, work: number): number;
  /**
   * Householder QR with column pivoting A·P = Q·R (pivot = 1; pivot = 0: A = Q·R), blocked, as LAPACK
   * dgeqp3/dlaqps. A is m×n; on exit R on and above the diagonal, reflector j's vector [1; a[j+1:m, j]]
   * below it with τ in tau[j] (min(m, n) f64); jpvt (n i32) receives the original index of each column
   * of A·P. work: geqp3WorkLength(m, n) f64.
   */
  geqp3(m: number, n: number, a: number, lda: number, jpvt: number, tau: number, work: number, pivot: number): void;
  /** Length in f64 of geqp3's workspace. */
  geqp3WorkLength(m: number, n: number): number;
  /**
   * B ← Qᵀ·B (trans = 1) or Q·B (trans = 0), Q = H₀·…·H_{k−1} from geqp3's m-row factored matrix, as
   * LAPACK dormqr (side 'L'); B is m×nrhs; work: nrhs f64.
   */
  ormqr(
    trans: number,
    m: number,
    nrhs: number,
    k: number,
    a: number,
    lda: number,
    tau: number,
    b: number,
    ldb: number,
    work: number,
  ): void;
  /**
   * QR with randomized column pivoting A·P = Q·R (HQRRP: pivots of each block of 64 from a Gaussian
   * sketch, fully blocked), storage as geqp3; deterministic (fixed seed). work: geqprWorkLength(m, n) f64.
   */
  geqpr(m: number, n: number, a: number, lda: number, jpvt: number, tau: number, work: number): void;
  /** Length in f64 of geqpr's workspace. */
  geqprWorkLength(m: number, n: number): number;

  // sparse direct solvers (assembly/sparse/): integer arrays are i32, CSC patterns are (pointers, indices)
  /** The graph of A (A + Aᵀ without diagonal) from A's strictly lower entries: cp (n + 1), ci; w: n i32. */
  symmetricPattern(n: number, ap: number, ai: number, cp: number, ci: number, w: number): void;
  /**
   * One triangle (upper = 1: column max(iperm i, iperm j); 0: column min) of P·A·Pᵀ from A's lower
   * entries, diagonal included: tp (n + 1), ti, src (position of each entry's source in ai, or 0 for none); w: n i32.
   */
  permutedTriangle(
    n: number,
    ap: number,
    ai: number,
    iperm: number,
    upper: number,
    tp: number,
    ti: number,
    src: number,
    w: number,
  ): void;
  /** i32 length of amd's workspace. */
  amdWorkLength(n: number): number;
  /** i32 length of the graph array amd needs for nz adjacency entries. */
  amdGraphLength(n: number, nz: number): number;
  /** Approximate minimum degree ordering of the graph (cp, ci: both destroyed; ci holds nzmax); perm: n + 1 i32. */
  amd(n: number, cp: number, ci: number, nzmax: number, perm: number, work: number): void;
  /** Elimination tree (parent, −1 at roots) from the upper-triangle pattern; ancestor: n i32. */
  etree(n: number, up: number, ui: number, parent: number, ancestor: number): void;
  /** Postorder of a forest (post[k] = node numbered k); work: 3n i32. */
  postorder(n: number, parent: number, post: number, work: number): void;
  /** Column counts of L from the lower-triangle pattern, the etree and a postorder; work: 4n i32. */
  colcounts(n: number, lp: number, li: number, parent: number, post: number, colcount: number, work: number): void;
  /**
   * Relaxed supernodes (postordered numbering): sfirst (n + 1 capacity), srowcount (n capacity; colcount
   * is overwritten); returns their number. work: 4n i32 + 2n f64 (+ 16 bytes).
   */
  supernodes(n: number, parent: number, colcount: number, sfirst: number, srowcount: number, work: number): number;
  /** srowptr, svalptr (ns + 1 i32); returns the number of factor values (f64: check it fits in i32). */
  supernodePointers(ns: number, sfirst: number, srowcount: number, srowptr: number, svalptr: number): number;
  /** colsuper, sparent and the sorted row indices of each supernode; returns 0 (or 1: inconsistent). work: 2·ns i32. */
  supernodalRows(
    n: number,
    ns: number,
    sfirst: number,
    srowptr: number,
    up: number,
    ui: number,
    parent: number,
    colsuper: number,
    sparent: number,
    srows: number,
    work: number,
  ): number;
  /** dest (nnzA i32): where each stored entry of A goes in the factor's values (−1: above the diagonal); map: n i32. */
  assemblyMap(
    n: number,
    ns: number,
    nnzA: number,
    sfirst: number,
    srowptr: number,
    svalptr: number,
    srows: number,
    lp: number,
    li: number,
    lsrc: number,
    dest: number,
    map: number,
  ): void;
  /** Workspace of the numeric factorization, to out (2 f64): the largest update block, the largest scaled block. */
  updateWorkLength(ns: number, sfirst: number, srowptr: number, srows: number, colsuper: number, out: number): void;
  /**
   * Supernodal left-looking factorization (ldl = 0: Cholesky, returns 0 or the 1-based failing column;
   * ldl = 1: LDLᵀ with static pivots, returns 0 or 1 with the failure in status: 4 i32).
   */
  supernodalFactor(
    ldl: number,
    n: number,
    ns: number,
    sfirst: number,
    srowptr: number,
    svalptr: number,
    srows: number,
    colsuper: number,
    nnzA: number,
    ax: number,
    dest: number,
    lx: number,
    nvals: number,
    signs: number,
    eps: number,
    delta: number,
    status: number,
    cwork: number,
    wwork: number,
    iwork: number,
  ): number;
  /** B (n × nrhs, caller's numbering) overwritten by A⁻¹·B from a supernodal factor; work: (n + maxrows)·nrhs f64. */
  supernodalSolve(
    ldl: number,
    n: number,
    ns: number,
    sfirst: number,
    srowptr: number,
    svalptr: number,
    srows: number,
    lx: number,
    perm: number,
    b: number,
    nrhs: number,
    work: number,
  ): void;
  /** Σ log |diag|, the numbers of positive and negative diagonal entries of a supernodal factor, to out (3 f64). */
  supernodalDiagonal(ns: number, sfirst: number, svalptr: number, lx: number, out: number): void;
}
