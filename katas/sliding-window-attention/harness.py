"""Public probe for sliding-window-attention: runs your function under tracemalloc.

The checks read how much memory your call allocated at its peak (NumPy reports its arrays
to tracemalloc); nothing here knows the right answers.
"""

import tracemalloc


def traced(solution, q, k, v, window):
    """Your output and the peak bytes allocated during the call, inputs excluded."""
    tracemalloc.start()
    try:
        out = solution.sliding_window_attention(q, k, v, window)
        _, peak = tracemalloc.get_traced_memory()
        tracing = tracemalloc.is_tracing()
    finally:
        tracemalloc.stop()
    return {"out": out, "peak_bytes": peak, "traced_to_the_end": tracing}
