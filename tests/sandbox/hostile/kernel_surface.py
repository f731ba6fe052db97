"""Attack: reach for privilege: a user namespace (unshare, clone flags), ptrace of a sibling,
mount, keyrings, bpf, io_uring, setuid binaries, raising capabilities.
Verdict: all refused (seccomp filter, no capabilities, no_new_privs); score 0.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import ctypes
import os
import subprocess

libc = ctypes.CDLL(None, use_errno=True)
checks = {
    "unshare(CLONE_NEWUSER)": lambda: libc.unshare(0x10000000),
    "unshare(CLONE_NEWNS)": lambda: libc.unshare(0x00020000),
    "mount": lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None),
    "ptrace(PTRACE_ATTACH, 1)": lambda: libc.ptrace(16, 1, 0, 0),
    "keyctl": lambda: libc.syscall(250, 0, 0, 0, 0),
    "bpf": lambda: libc.syscall(321, 0, 0, 0),
    "io_uring_setup": lambda: libc.syscall(425, 1, 0),
    "perf_event_open": lambda: libc.syscall(298, 0, 0, -1, -1, 0),
    "setuid(0)": lambda: libc.setuid(0),
}
for what, call in checks.items():
    if call() >= 0:
        print("ESCAPED:", what)
for cmd in (["unshare", "-Ur", "id"], ["su", "-c", "id"], ["mount", "-t", "tmpfs", "x", "/tmp"]):
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=2)
        if r.returncode == 0:
            print("ESCAPED:", cmd)
    except Exception:
        pass
if os.geteuid() == 0:
    print("ESCAPED: running as root")


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
