"""Public probe for linear-attention-causal: runs your O(T) form under tracemalloc.

The checks read how much memory your call allocated at its peak (NumPy reports its arrays
to tracemalloc); nothing here knows the right answers.
"""

import tracemalloc


def traced(solution, q, k, v):
    """linear_attention_causal(q, k, v) and the peak bytes allocated during the call."""
    tracemalloc.start()
    try:
        out = solution.linear_attention_causal(q, k, v)
        _, peak = tracemalloc.get_traced_memory()
        tracing = tracemalloc.is_tracing()
    finally:
        tracemalloc.stop()
    return {"out": out, "peak_bytes": peak, "traced_to_the_end": tracing}
