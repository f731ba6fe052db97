"""Attack: reach the host over loopback: TCP to a port the grader listens on, an abstract
unix socket, and IPv6 ::1.
Verdict: the box has its own empty network namespace; every connect fails; score 0.
Host invariant: the host-side listeners accept nothing.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import socket

PORT = int("__PORT__")
for family, addr in ((socket.AF_INET, ("127.0.0.1", PORT)), (socket.AF_INET6, ("::1", PORT)),
                     (socket.AF_UNIX, "\0__ABSTRACT__")):
    try:
        s = socket.socket(family, socket.SOCK_STREAM)
        s.settimeout(1)
        s.connect(addr)
        print("ESCAPED: connected to", addr)
    except OSError:
        pass


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
