# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The compiled tree walker behind :mod:`spindetect.trees`.

Each step reads its child from ``children[2 * node + go_right]``, without a
branch: the direction of a split is as good as random to the processor, and a
mispredicted branch costs more than the rest of the step. Leaves lead back to
themselves, so a block of rows walks each tree for its full depth in lockstep,
and the rows' independent walks overlap in the processor.
"""

cdef enum:
    BLOCK = 16  # rows walked together (8 and 24-32 were slower on real spans)


def predict_rows(
    const double[:, ::1] X,
    const int[::1] feature,
    const double[::1] threshold,
    const int[::1] children,
    const unsigned char[::1] missing_right,
    const double[::1] value,
    const int[::1] roots,
    const int[::1] depth,
    double[::1] out,
):
    """Add every tree's leaf value to ``out[i]`` for each row ``X[i]``; the GIL is released meanwhile."""
    cdef Py_ssize_t n = X.shape[0]
    cdef Py_ssize_t b, lo, k, m, t, level
    cdef int node[BLOCK]
    cdef double total[BLOCK]
    cdef double x
    with nogil:
        for b in range((n + BLOCK - 1) // BLOCK):
            lo = b * BLOCK
            m = min(BLOCK, n - lo)
            for k in range(m):
                total[k] = 0.0
            for t in range(roots.shape[0]):
                for k in range(m):
                    node[k] = roots[t]
                for level in range(depth[t]):
                    for k in range(m):
                        x = X[lo + k, feature[node[k]]]
                        node[k] = children[2 * node[k] + ((x > threshold[node[k]]) | ((x != x) & missing_right[node[k]]))]
                for k in range(m):
                    total[k] += value[node[k]]
            for k in range(m):
                out[lo + k] += total[k]
