"""Attack: exceptions whose formatting raises again: __str__ and __repr__ raising
BaseExceptions, a __notes__ property that raises, a metaclass whose __name__ raises.
Verdict: each check is an error with a placeholder ("<unprintable>"), score 0.
Host invariant: the runner's error handling survives; no setup failure, no fallback.
"""
# ruff: noqa  (hostile on purpose)
# expect: <unprintable>


class Evil(Exception):
    def __str__(self):
        raise KeyboardInterrupt("str")

    def __repr__(self):
        raise SystemExit(3)

    @property
    def __notes__(self):
        raise SystemExit(4)


class Meta(type):
    @property
    def __name__(cls):
        raise SystemExit(5)


class Nameless(Evil, metaclass=Meta):
    pass


def softmax(x, axis=-1):
    raise Evil()


def scaled_dot_product_attention(q, k, v, mask=None):
    raise Nameless()
