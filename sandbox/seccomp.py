"""A seccomp filter for the box, as the classic-BPF program `bwrap --seccomp FD` loads.

A deny list on x86-64: the submission already runs unprivileged with no capabilities, so this
only narrows the kernel surface it can reach (new namespaces, ptrace, keyrings, BPF, perf,
io_uring, mounting, module loading). Denied calls fail with EPERM; anything that is not a
native x86-64 call (x32, i386) is refused outright. On another architecture the backend runs
without a filter and says so in its isolation line.
"""

from __future__ import annotations

import errno
import os
import platform
import struct

AUDIT_ARCH_X86_64 = 0xC000003E
X32_SYSCALL_BIT = 0x40000000
# clone(2) flags that would make a new namespace; unshare/setns are denied whole.
CLONE_NEW_ANY = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 \
    | 0x40000000 | 0x00000080

DENIED_X86_64 = {
    "ptrace": 101, "syslog": 103, "uselib": 134, "vhangup": 153,
    "pivot_root": 155, "acct": 163, "mount": 165, "umount2": 166, "swapon": 167,
    "swapoff": 168, "reboot": 169, "sethostname": 170, "setdomainname": 171, "iopl": 172,
    "ioperm": 173, "create_module": 174, "init_module": 175, "delete_module": 176,
    "quotactl": 179, "lookup_dcookie": 212, "kexec_load": 246, "add_key": 248,
    "request_key": 249, "keyctl": 250, "unshare": 272, "perf_event_open": 298,
    "name_to_handle_at": 303, "open_by_handle_at": 304, "setns": 308,
    "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312, "finit_module": 313,
    "kexec_file_load": 320, "bpf": 321, "userfaultfd": 323, "io_uring_setup": 425,
    "io_uring_enter": 426, "io_uring_register": 427, "open_tree": 428, "move_mount": 429,
    "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "pidfd_getfd": 438,
    "mount_setattr": 442,
}
CLONE = 56
CLONE3 = 435  # its flags live in memory BPF cannot read: ENOSYS makes libc fall back to clone

# BPF opcodes and seccomp return values (linux/filter.h, linux/seccomp.h).
LD_W_ABS, JEQ_K, JGE_K, JSET_K, RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
RET_ALLOW = 0x7FFF0000
RET_KILL_PROCESS = 0x80000000
RET_ERRNO = 0x00050000
OFF_NR, OFF_ARCH, OFF_ARG0 = 0, 4, 16


def supported() -> bool:
    return platform.machine() == "x86_64"


def program() -> bytes:
    """The filter as packed `struct sock_filter` records."""
    deny = RET_ERRNO | errno.EPERM
    ins: list[tuple[int, int, int, int]] = [
        (LD_W_ABS, 0, 0, OFF_ARCH),
        (JEQ_K, 1, 0, AUDIT_ARCH_X86_64),
        (RET_K, 0, 0, RET_KILL_PROCESS),
        (LD_W_ABS, 0, 0, OFF_NR),
        (JGE_K, 0, 1, X32_SYSCALL_BIT),
        (RET_K, 0, 0, deny),
        (JEQ_K, 0, 1, CLONE3),
        (RET_K, 0, 0, RET_ERRNO | errno.ENOSYS),
        (JEQ_K, 0, 4, CLONE),
        (LD_W_ABS, 0, 0, OFF_ARG0),  # low 32 bits of the flags
        (JSET_K, 0, 1, CLONE_NEW_ANY),
        (RET_K, 0, 0, deny),
        (RET_K, 0, 0, RET_ALLOW),
    ]
    for nr in sorted(DENIED_X86_64.values()):
        ins += [(JEQ_K, 0, 1, nr), (RET_K, 0, 0, deny)]
    ins.append((RET_K, 0, 0, RET_ALLOW))
    return b"".join(struct.pack("=HBBI", *i) for i in ins)


def program_fd() -> int:
    """A readable fd at the start of the program, for `bwrap --seccomp FD`; caller closes it."""
    fd = os.memfd_create("katagrad-seccomp", os.MFD_CLOEXEC)
    os.write(fd, program())
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
