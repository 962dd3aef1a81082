"""The isolation layers around a kernel: which are available on this machine, the command line
that wraps the kernel in every one of them, its scratch folder and its environment."""
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from autograder.engine.sandbox import kernel_groups

log = logging.getLogger("autograder.engine.sandbox")


def _layer_available(name):
    """``(available, reason)`` for one sandbox layer on this machine."""
    if name == "rlimits":
        return (shutil.which("prlimit") is not None, "prlimit (util-linux) not found")
    if name == "namespaces":
        if shutil.which("bwrap") is None:
            return False, "bubblewrap (`bwrap`, Debian package bubblewrap) not found"
        return True, ""
    if name == "user":
        if os.geteuid() != 0:
            return False, "the grader does not run as root, so it cannot switch to a grading user"
        if shutil.which("bwrap") is None:
            return False, "without bubblewrap a grading user could not read the Python environment"
        return (shutil.which("setpriv") is not None, "setpriv (util-linux) not found")
    if name == "cgroups":
        return kernel_groups.available()
    raise KeyError(name)


_reported = False


def available_layers():
    """``{layer: available}``; the first call logs, once, every layer that is missing."""
    global _reported
    layers = {name: _layer_available(name) for name in ("rlimits", "namespaces", "user", "cgroups")}
    if not _reported:
        _reported = True
        for name, (ok, reason) in layers.items():
            if not ok:
                log.warning("sandbox layer '%s' is not available: %s; grading goes on without it", name, reason)
    return {name: ok for name, (ok, _) in layers.items()}


def package_folder(name):
    """The folder of the importable package ``name`` (where an editable install keeps it, say)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(f"{name!r} is not an importable package of the grader's environment")
    return str(Path(list(spec.submodule_search_locations)[0]).resolve())


def _read_only_paths(python, packages=()):
    """Folders the kernel must read: system folders, the Python installation and environment, and
    the folders of ``packages`` (the student's packages, wherever they are installed)."""
    paths = ["/usr", "/bin", "/lib", "/lib64", "/etc/alternatives", "/etc/ssl", "/etc/fonts",
             sys.base_prefix, sys.prefix, str(Path(python).resolve().parent.parent),
             *(package_folder(name) for name in packages)]
    unique = []
    for path in paths:
        if os.path.exists(path) and not any(path == p or path.startswith(p + "/") for p in unique):
            unique.append(path)
    return unique


def _parents(paths):
    """Every ancestor folder of ``paths`` (outermost first), except ``/`` and ``/tmp``."""
    parents = set()
    for path in paths:
        parents.update(str(p) for p in Path(path).parents if str(p) not in ("/", "/tmp"))
    return sorted(parents, key=lambda p: (p.count("/"), p))


@contextmanager
def scratch_folder():
    """A new folder of the grader's for one submission's kernels; removed afterwards, whatever the
    student left in it, without following links and without recursion."""
    path = Path(tempfile.mkdtemp(prefix="sandboxed-grading-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        result = subprocess.run(["rm", "-rf", "--one-file-system", "--", str(path)], capture_output=True)
        if result.returncode != 0:
            log.warning("could not remove %s: %s", path, result.stderr.decode(errors="replace")[:300])


SECCOMP_FILE = "seccomp.bpf"  # in the grader's scratch folder; bubblewrap reads it on descriptor 3


def kernel_wrapper(scratch, slot, limits, layers):
    """A shell prefix that moves the kernel into its slot's control group and opens the seccomp
    filter on descriptor 3, then runs the rest of the command."""
    steps = []
    if layers["cgroups"]:
        steps += [f'echo $$ > "{path}" || exit 111' for path in kernel_groups.prepare(slot, limits.processes)]
    if layers["namespaces"]:
        steps.append(f'exec 3< "{scratch / SECCOMP_FILE}"')
    return ["sh", "-c", "; ".join(steps) + '; exec "$@"', "kernel-wrapper"] if steps else []


def sandbox_command(python, connection_file, scratch, limits, uid, layers, slot=0, packages=()):
    """The command line that starts an ipykernel inside every available sandbox layer; only
    ``scratch/sandbox`` is writable there, and the connection file readable."""
    command = kernel_wrapper(scratch, slot, limits, layers)
    if layers["rlimits"]:
        command += ["prlimit", f"--as={limits.memory_bytes}", f"--cpu={limits.cpu_seconds}",
                    f"--fsize={limits.file_bytes}", "--nofile=256", "--core=0"]
        if layers["user"]:
            command.append(f"--nproc={limits.processes}")
        command.append("--")
    if layers["namespaces"]:
        command += ["bwrap", "--seccomp", "3", "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
                    "--unshare-cgroup-try", "--die-with-parent", "--proc", "/proc", "--dev", "/dev",
                    "--perms", "1777", "--size", str(limits.tmp_bytes), "--tmpfs", "/tmp"]
        read_only = _read_only_paths(python, packages)
        sandbox = str(scratch / "sandbox")
        for folder in _parents(read_only + [sandbox]):  # traversable by the grading user
            command += ["--perms", "0755", "--dir", folder]
        for path in read_only:
            command += ["--ro-bind", path, path]
        command += ["--bind", sandbox, sandbox, "--ro-bind", str(connection_file), str(connection_file),
                    "--chdir", str(scratch / "sandbox" / "work"), "--clearenv"]
        for key, value in kernel_environment(scratch, packages).items():
            command += ["--setenv", key, value]
        command.append("--")
    if layers["user"]:
        command += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--no-new-privs",
                    "--inh-caps=-all", "--bounding-set=-all", "--"]
    return command + [python, "-m", "ipykernel_launcher", "-f", str(connection_file),
                      "--HistoryManager.hist_file=:memory:"]


def kernel_environment(scratch, packages=()):
    """The whole environment of the kernel: no variable of the grader's leaks in. The folders that
    hold the student ``packages`` (bound read-only) are on its path, wherever the grader's
    environment finds them (installed, or a folder of the course's)."""
    holders = dict.fromkeys(str(Path(package_folder(name)).parent) for name in packages)
    return {
        **({"PYTHONPATH": os.pathsep.join(holders)} if holders else {}),
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(scratch / "sandbox" / "home"),
        "TMPDIR": "/tmp",
        "MPLCONFIGDIR": str(scratch / "sandbox" / "home"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "NBGRADER_EXECUTION": "autograde",  # the grading flag of nbgrader's own Execute step
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "TF_NUM_INTEROP_THREADS": "2",  # TensorFlow's thread pools, which default to one thread per core
        "TF_NUM_INTRAOP_THREADS": "2",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **{k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ},
    }
