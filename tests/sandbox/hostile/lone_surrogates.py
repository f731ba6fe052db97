"""Attack: strings that are not valid Unicode: lone surrogates in an exception's message and
type name, in a returned string and dict key, invalid UTF-8 and NUL bytes on stdout/stderr.
Verdict: the checks fail or error with readable text (U+FFFD where the box wrote garbage).
Host invariant: the report is valid Unicode (it can be stored, served as JSON and exported).
"""
# ruff: noqa  (hostile on purpose)
# expect: raised ValueError
import os

os.write(1, b"bad utf-8: \xff\xfe\x00 nul\n")
os.write(2, "lone: \udcff".encode("utf-8", "surrogatepass") + b"\x00\n")


def softmax(x, axis=-1):
    raise ValueError("lone surrogate \ud800 and NUL \x00 in a message")


def scaled_dot_product_attention(q, k, v, mask=None):
    return {"key \udfff": "value \ud83d", "ok": [1, "\x00"]}
