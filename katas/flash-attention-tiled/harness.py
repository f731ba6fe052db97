"""Public probe for flash-attention-tiled: runs your flash_attention under tracemalloc.

The checks read how much memory your call allocated at its peak (NumPy reports its arrays
to tracemalloc); nothing here knows the right answers.
"""

import tracemalloc


def traced(solution, q, k, v, block_size, causal):
    """Your (out, lse) and the peak bytes allocated during the call, inputs excluded."""
    tracemalloc.start()
    try:
        out, lse = solution.flash_attention(q, k, v, block_size, causal)
        _, peak = tracemalloc.get_traced_memory()
        tracing = tracemalloc.is_tracing()
    finally:
        tracemalloc.stop()
    return {"out": out, "lse": lse, "peak_bytes": peak, "traced_to_the_end": tracing}
