def causal_attention(q, k, v):
    """Attention where position i sees only positions j <= i: return (out, weights)."""
    raise NotImplementedError
