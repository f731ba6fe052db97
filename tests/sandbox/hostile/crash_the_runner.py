"""Attack: make the runner itself crash, with an exception whose formatting raises
(a BaseException from __repr__ and __str__, a __notes__ property that raises), by replacing
os.replace, which the runner uses to write every result.
Verdict: the submission's own crash: "exited with status 1 before your file finished
importing", score 0.
Host invariant: on the warm path this is an exit status, never a box-setup failure.
"""
# ruff: noqa  (hostile on purpose)
# expect: exited with status 1 before your file finished importing
import os


class Evil(BaseException):
    def __str__(self):
        raise Evil()

    def __repr__(self):
        raise Evil()

    @property
    def __notes__(self):
        raise Evil()


def _boom(*args, **kwargs):
    raise Evil()


os.replace = _boom


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q
