"""One control group per grading slot, holding every process of that slot's kernel.

The CPU is shared between groups, not processes: a kernel that starts 200 busy processes gets the
same CPU weight as a kernel with one, so it cannot slow a submission graded beside it below its
share. The group also caps the kernel's processes and threads (``pids.max``).

Works with cgroup v1 (the ``cpu`` and ``pids`` hierarchies) and v2 (one unified hierarchy with the
``cpu`` and ``pids`` controllers). Where neither is writable, ``available()`` says why and grading
goes on without this layer.
"""
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
NAME = "sandboxed-grading"
V1_CONTROLLERS = ("cpu", "pids")


def version():
    """2 for a unified hierarchy, 1 for separate ``cpu`` and ``pids`` ones, None without either."""
    if (CGROUP_ROOT / "cgroup.controllers").exists():
        return 2
    if all((CGROUP_ROOT / c / "cgroup.procs").exists() for c in V1_CONTROLLERS):
        return 1
    return None


def available():
    """``(available, reason)``: can this process make the groups?"""
    found = version()
    if found is None:
        return False, "no cgroup hierarchy with the cpu and pids controllers is mounted"
    if os.geteuid() != 0:
        return False, "the grader does not run as root, so it cannot make control groups"
    roots = [CGROUP_ROOT] if found == 2 else [CGROUP_ROOT / c for c in V1_CONTROLLERS]
    if not all(os.access(root, os.W_OK) for root in roots):
        return False, "the cgroup file system is read-only here"
    if found == 2 and not {"cpu", "pids"} <= set((CGROUP_ROOT / "cgroup.controllers").read_text().split()):
        return False, "the unified cgroup hierarchy lacks the cpu or pids controller"
    return True, ""


def prepare(slot, processes):
    """Make (or reset) the group of ``slot``: equal CPU weight, at most ``processes`` tasks.

    Returns the ``cgroup.procs`` files a process writes its pid to in order to join the group.
    """
    if version() == 2:
        parent = CGROUP_ROOT / NAME
        parent.mkdir(exist_ok=True)
        (CGROUP_ROOT / "cgroup.subtree_control").write_text("+cpu +pids")
        (parent / "cgroup.subtree_control").write_text("+cpu +pids")
        group = parent / f"slot-{slot}"
        group.mkdir(exist_ok=True)
        (group / "cpu.weight").write_text("100")
        (group / "pids.max").write_text(str(processes))
        return [group / "cgroup.procs"]
    groups = {c: CGROUP_ROOT / c / NAME / f"slot-{slot}" for c in V1_CONTROLLERS}
    for group in groups.values():
        group.mkdir(parents=True, exist_ok=True)
    (groups["cpu"] / "cpu.shares").write_text("1024")
    (groups["pids"] / "pids.max").write_text(str(processes))
    return [group / "cgroup.procs" for group in groups.values()]
