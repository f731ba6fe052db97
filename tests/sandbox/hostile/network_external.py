"""Attack: reach other hosts: TCP and UDP to TEST-NET addresses, DNS, a raw socket.
Verdict: no route and no capabilities; every attempt fails; score 0.
Host invariant: no packet leaves (the namespace has only a loopback device).
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import socket

for addr in (("192.0.2.1", 80), ("198.51.100.7", 443), ("203.0.113.9", 53)):
    try:
        socket.create_connection(addr, timeout=1)
        print("ESCAPED: connected to", addr)
    except OSError:
        pass
    try:
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.sendto(b"x", addr)
        print("ESCAPED: sent UDP to", addr)
    except OSError:
        pass
try:
    socket.getaddrinfo("example.invalid", 80)
    print("ESCAPED: resolved a name")
except OSError:
    pass
try:
    socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    print("ESCAPED: raw socket")
except OSError:
    pass
try:
    socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    print("ESCAPED: packet socket")
except OSError:
    pass


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
