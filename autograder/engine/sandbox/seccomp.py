"""A seccomp filter for the sandboxed kernel: the kernel keyring calls fail with EPERM.

A user's kernel keyring outlives its processes, and each grading slot is one fixed user: a key
stored by one student would be read by the next student graded in that slot. The filter (classic
BPF, as bubblewrap's ``--seccomp FD`` takes it) denies ``add_key``, ``request_key`` and ``keyctl``
for every architecture a process here can call them from, and allows everything else of those
architectures. A call from any other architecture is denied: its numbers are unknown here, so a
keyring call could hide among them.
"""
import errno
import struct

# struct seccomp_data: the syscall number at offset 0, the audit architecture at offset 4.
LOAD_NR, LOAD_ARCH = (0x20, 0), (0x20, 4)   # BPF_LD | BPF_W | BPF_ABS
JEQ, RET = 0x15, 0x06                       # BPF_JMP | BPF_JEQ | BPF_K, BPF_RET | BPF_K
ALLOW = 0x7FFF0000                          # SECCOMP_RET_ALLOW
DENY = 0x00050000 | errno.EPERM             # SECCOMP_RET_ERRNO | EPERM
X32 = 0x40000000                            # x32 system calls: x86_64 numbers with this bit

# audit architecture -> (add_key, request_key, keyctl)
KEYRING_CALLS = {
    0xC000003E: (248, 249, 250, 248 | X32, 249 | X32, 250 | X32),  # x86_64 and x32
    0x40000003: (286, 287, 288),                                   # i386
    0xC00000B7: (217, 218, 219),                                   # aarch64
    0x40000028: (309, 310, 311),                                   # arm
}


def keyring_filter():
    """The filter program, as the bytes of its ``struct sock_filter`` array."""
    program = [("load",) + LOAD_ARCH]
    for arch, numbers in KEYRING_CALLS.items():
        # if arch matches: load the number, deny the keyring calls, allow the rest; else next arch
        block = [("load",) + LOAD_NR] + [("deny_if", n) for n in numbers] + [("allow",)]
        program.append(("skip_unless", arch, len(block)))
        program += block
    deny_at = len(program)  # no architecture matched: deny
    program.append(("deny",))
    return b"".join(_encode(step, index, deny_at) for index, step in enumerate(program))


def _encode(step, index, deny_at):
    kind = step[0]
    if kind == "load":
        return struct.pack("=HBBI", step[1], 0, 0, step[2])
    if kind == "skip_unless":  # true: next instruction; false: skip the architecture's block
        return struct.pack("=HBBI", JEQ, 0, step[2], step[1])
    if kind == "deny_if":
        return struct.pack("=HBBI", JEQ, deny_at - index - 1, 0, step[1])
    return struct.pack("=HBBI", RET, 0, 0, ALLOW if kind == "allow" else DENY)
