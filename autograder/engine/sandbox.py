"""Run a student's notebook code in a sandboxed Jupyter kernel.

The kernel process is started as
``prlimit [rlimits] -- bwrap [namespaces, mounts] -- setpriv [uid] -- python -m ipykernel_launcher``:

- rlimits (``prlimit``): address space, CPU seconds, open files, file size, and the process count
  (counted per user, so it only holds when the kernel runs as its own user);
- bubblewrap: no network (empty network namespace), own pid/ipc/uts namespaces, a file system made
  of read-only system folders, the Python environment, the student-side package, and one writable
  scratch folder; the repository, ``source/``, ``autograder/``, the gradebook and other students'
  work do not exist inside;
- a separate unprivileged user (when the grader runs as root): no write access anywhere but the
  scratch folder, no capabilities, and a process-count limit of its own;
- a seccomp filter (given to bubblewrap): no kernel keyring calls, whose keys would outlive the
  kernel and reach the next student graded as the same user (``autograder.engine.seccomp``);
- a control group per slot (``autograder.engine.kernel_groups``): every process of the kernel shares one
  equal CPU weight and one process cap, so a kernel cannot starve a submission graded beside it.

Where a layer is not available on the machine, the grader says so once and keeps the others.
The kernel talks to the grader over Unix sockets in the scratch folder (no TCP: no network).

The scratch folder (``scratch_folder``) belongs to the grader: its own files (the kernel's log, the
connection files) sit at its top, where the kernel cannot write; only ``sandbox/`` below it belongs
to the grading user and is writable inside the sandbox. The grader never opens, lists or deletes
anything in ``sandbox/`` once student code has run, but removes the whole scratch folder at the end
with ``rm -rf --one-file-system`` (no link followed, no recursion limit). Messages from the kernel
are bounded in size by the ZeroMQ sockets themselves (``MAX_MESSAGE_BYTES``).
"""
import contextvars
import importlib.util
import logging
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import zmq
from jupyter_client import KernelManager
from jupyter_core.utils import run_sync

from autograder.engine import kernel_groups
from autograder.engine.sanitize import well_formed
from autograder.engine.seccomp import keyring_filter
from autograder.engine.slots import SLOTS, busy_slots

log = logging.getLogger("autograder.engine.sandbox")

SANDBOX_UID = 60000  # first uid of the grading users (one per concurrent kernel slot)
MAX_MESSAGE_BYTES = 96 * 2**20  # a larger message from the kernel is dropped by ZeroMQ unread
STARVED = 0.2  # a time limit ran out and the kernel spent this share of it waiting for a CPU


class TaskTimeLimit(BaseException):
    """The time limit of the whole grading task (``task_time_limit``) ran out. A BaseException, so
    that the handlers that keep one cell's fault from costing the others let it through: nothing more
    of the submission is run, every kernel is stopped on the way out."""


_task_deadline = contextvars.ContextVar("task_deadline", default=None)


@contextmanager
def task_time_limit(seconds):
    """Bound everything the sandbox runs inside the block (all kernels, cells and checks) to ``seconds``
    in total: past it, ``TaskTimeLimit`` is raised out of the kernel's ``start`` or ``run``."""
    token = _task_deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _task_deadline.reset(token)


def _task_seconds_left():
    deadline = _task_deadline.get()
    return float("inf") if deadline is None else deadline - time.monotonic()


@dataclass(frozen=True)
class Limits:
    """Resource limits of one submission's kernel."""

    cell_seconds: float = 120.0       # wall clock per cell
    notebook_seconds: float = 900.0   # wall clock for all the cells of one notebook
    call_seconds: float = 60.0        # wall clock per call of a student function by a check
    cpu_seconds: int = 1800           # CPU time of the kernel process over its life
    memory_bytes: int = 6 * 2**30     # address space
    processes: int = 128              # processes and threads of the kernel (TensorFlow's are capped at 2 per pool)
    file_bytes: int = 256 * 2**20     # largest file the kernel may write
    tmp_bytes: int = 512 * 2**20      # size of the kernel's /tmp (memory, not counted in memory_bytes)
    cell_output_bytes: int = 256 * 2**10
    notebook_output_bytes: int = 8 * 2**20


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
        for key, value in kernel_environment(scratch).items():
            command += ["--setenv", key, value]
        command.append("--")
    if layers["user"]:
        command += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--no-new-privs",
                    "--inh-caps=-all", "--bounding-set=-all", "--"]
    return command + [python, "-m", "ipykernel_launcher", "-f", str(connection_file),
                      "--HistoryManager.hist_file=:memory:"]


def kernel_environment(scratch):
    """The whole environment of the kernel: no variable of the grader's leaks in."""
    return {
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


def output_in_form(msg):
    """The output an IOPub message carries, in nbformat's form (``sanitize.well_formed``: mime data
    given as a list of strings joined, data of another form and fields of the wrong type dropped);
    None for a message that holds no output. The student's kernel can send any message, which
    nbformat's ``output_from_msg`` would refuse with an exception."""
    content = msg.get("content")
    if not isinstance(content, dict):
        return None
    return well_formed({**content, "output_type": msg.get("header", {}).get("msg_type")})


def append_output(outputs, output):
    """Add ``output`` to a cell's outputs; text printed to the same stream in several messages (the
    kernel flushes when it likes) stays one output, as Jupyter shows it."""
    last = outputs[-1] if outputs else None
    if output.output_type == "stream" and last is not None and last.output_type == "stream" \
            and last.name == output.name:
        last.text += output.text
    else:
        outputs.append(output)


class _SandboxKernelManager(KernelManager):
    """A KernelManager whose kernel command is the sandbox command, over Unix sockets."""

    sandbox_prefix = None  # set per instance: a function of the connection file

    def format_kernel_cmd(self, extra_arguments=None):
        os.chmod(self.connection_file, 0o644)  # the grading user reads it; it lies in the grader's folder
        return self.sandbox_prefix(self.connection_file)

    def cleanup_ipc_files(self):
        """Nothing: the socket files lie in the student's folder, which the grader never deletes in
        (``scratch_folder`` removes it whole)."""

    async def _async_interrupt_kernel(self):
        # The kernel runs in its own pid namespace: ask it to interrupt itself.
        msg = self.session.msg("interrupt_request", content={})
        self._connect_control_socket()
        self.session.send(self._control_socket, msg)

    interrupt_kernel = run_sync(_async_interrupt_kernel)


# Run in every new kernel: IPython's quit() and exit() would end the kernel a moment after their
# cell finished, which cannot be told apart from a crash of the next cell; under grading they only say so.
KERNEL_SETUP = """
get_ipython().ask_exit = lambda: print("[grader] quit() and exit() do nothing while a notebook is graded.")
"""


def kill_user_processes(uid, timeout=10):
    """SIGKILL every process of the grading user ``uid`` and wait until none is left."""
    deadline = time.monotonic() + timeout
    while True:
        pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _owner(p) == uid]
        if not pids or time.monotonic() > deadline:
            return not pids
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)


def starved(timeout, ran, waited, others_ran, others, cpus):
    """Was a kernel whose time limit (``timeout`` s) ran out starved by the ``others`` kernels graded
    beside it on ``cpus`` CPUs? It waited for a CPU over STARVED of the time (``waited`` s, summed over
    its threads) while it ran (``ran`` s) under half its fair share (a kernel slowed by its own
    processes got its share: it is not starved), and the other kernels ran longer than it did
    (``others_ran`` s: a machine busy with work outside the grader slows every kernel alike, which is
    no reason to grade one of them again)."""
    fair = min(timeout, timeout * cpus / (others + 1))
    return waited > STARVED * timeout and ran < 0.5 * fair and others_ran > ran


def _owner(proc_dir):
    try:
        return proc_dir.stat().st_uid
    except OSError:
        return None


@dataclass
class Execution:
    """What running one piece of code produced."""

    outputs: list
    status: str            # "ok", "error", "timeout", "died"
    message: str = ""      # for timeout/died: what happened, in words
    user_expressions: dict = None
    truncated: bool = False
    started: bool = True   # False: the kernel died before it began to run this code


class SandboxedKernel:
    """One student's kernel: start, run code with limits, interrupt, restart, stop.

    ``scratch`` is a ``scratch_folder``; ``files`` (paths) are copied into the kernel's working
    folder before any student code runs."""

    def __init__(self, scratch, limits=Limits(), slot=0, python=sys.executable, files=(), packages=()):
        self.scratch = Path(scratch)
        self.limits = limits
        self.python = python
        self.packages = tuple(packages)  # importable in the kernel: their folders are bound read-only
        self.layers = available_layers()
        self.slot = slot
        self.contended = False  # a time limit ran out while other kernels were being graded
        self.uid = SANDBOX_UID + slot if self.layers["user"] else None
        self.notebook_output_bytes = 0
        self.starts = 0
        self.km = None
        self.kc = None
        self._prepare_scratch(files)

    def _prepare_scratch(self, files):
        (self.scratch / SECCOMP_FILE).write_bytes(keyring_filter())
        sandbox = self.scratch / "sandbox"
        made = [sandbox, sandbox / "work", sandbox / "home"]
        for folder in made:
            folder.mkdir()
        for path in files:
            made.append(Path(shutil.copy2(path, sandbox / "work" / Path(path).name)))
        if self.uid is not None:
            for path in made:
                os.chown(path, self.uid, self.uid, follow_symlinks=False)

    def start(self, attempts=2):
        """Start the kernel; a kernel that dies while starting is tried once more."""
        for attempt in range(attempts):
            if _task_seconds_left() <= 0:
                raise TaskTimeLimit("the grading task's time limit ran out")
            try:
                return self._start()
            except RuntimeError:
                if attempt == attempts - 1:
                    raise
                log.warning("a sandboxed kernel died while starting; trying again")

    def _start(self):
        if self.uid is not None:
            kill_user_processes(self.uid)  # nothing of an earlier kernel may count against this one
        self.starts += 1
        # A new socket folder each start, made by the grader (mkdir never follows a link the student
        # may have left under that name) and handed to the grading user: no student process is alive now.
        ipc = Path(tempfile.mkdtemp(prefix=f"ipc-{self.starts}-", dir=self.scratch / "sandbox"))
        if self.uid is not None:
            os.chown(ipc, self.uid, self.uid, follow_symlinks=False)
        context = zmq.Context()
        context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        km = _SandboxKernelManager(transport="ipc", ip=str(ipc / "kernel"), context=context,
                                   connection_file=str(self.scratch / f"connection-{self.starts}.json"))
        km.sandbox_prefix = lambda connection_file: sandbox_command(
            self.python, connection_file, self.scratch, self.limits, self.uid, self.layers, self.slot, self.packages)
        env = kernel_environment(self.scratch)
        kernel_log = os.open(self.scratch / "kernel.log",  # the kernel's own chatter, in the grader's folder
                             os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK, 0o600)
        try:
            km.start_kernel(env=env, cwd=str(self.scratch / "sandbox" / "work"), stdout=kernel_log,
                            stderr=kernel_log)
        finally:
            os.close(kernel_log)
        self.km = km
        self.kc = km.client(context=context)
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=60)
        except RuntimeError as error:
            self.stop()
            raise RuntimeError(f"the sandboxed kernel did not start: {error}") from error
        self.run(KERNEL_SETUP, timeout=30)

    def alive(self, settle=0.0):
        """Is the kernel process running (after waiting ``settle`` seconds, for a dying one to go)?"""
        if settle:
            time.sleep(settle)
        return self.km is not None and self.km.is_alive()

    def stop(self):
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            except Exception:  # the kernel may already be gone; nothing to clean then
                pass
            self.km.cleanup_resources()
            self.km.context.destroy(linger=0)
        self.km = self.kc = None
        if self.uid is not None:
            kill_user_processes(self.uid)

    def restart(self):
        self.stop()
        self.start()

    def run(self, code, timeout, user_expressions=None):
        """Run ``code``; collect its outputs (capped) until the kernel is idle or ``timeout`` passes.

        On a timeout the kernel is interrupted; if it does not answer within 5 s it is killed
        (``status="died"`` then, and the caller restarts it).
        """
        task_left = _task_seconds_left()
        if task_left <= 0:
            raise TaskTimeLimit("the grading task's time limit ran out")
        task_ends = task_left < timeout  # this run is cut short by the task's limit, not its own
        timeout = min(timeout, task_left)
        msg_id = self.kc.execute(code, store_history=False, user_expressions=user_expressions or {},
                                 allow_stdin=False)
        deadline = time.monotonic() + timeout
        times_before = self._schedule_times()
        outputs, cell_bytes, truncated = [], 0, False
        status, message, started = None, "", False
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                status, message = "timeout", f"stopped after {timeout:g} s (time limit of a cell)"
                self.contended = self.contended or self._starved(timeout, times_before)
                break
            if not self.alive():
                status, message = "died", "the kernel stopped (it crashed, exited, or hit a memory or CPU limit)"
                started = started or self._began(msg_id)
                break
            try:
                msg = self.kc.get_iopub_msg(timeout=min(remaining, 1.0))
            except queue.Empty:  # nothing yet
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            started = True
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                break
            if kind == "clear_output":
                outputs.clear()
                continue
            if kind in ("stream", "display_data", "execute_result", "error"):
                size = len(str(msg["content"]))
                cell_bytes += size
                self.notebook_output_bytes += size
                if cell_bytes > self.limits.cell_output_bytes or \
                        self.notebook_output_bytes > self.limits.notebook_output_bytes:
                    truncated = True
                    continue
                output = output_in_form(msg)
                if output is not None:
                    append_output(outputs, output)
        if status == "timeout" and task_ends:
            self.stop()
            raise TaskTimeLimit("the grading task's time limit ran out")
        if status == "timeout":
            return self._stop_runaway(msg_id, outputs, message, truncated)
        if status == "died":
            return Execution(outputs, "died", message, truncated=truncated, started=started)
        reply = self._reply(msg_id)
        expressions = reply.get("user_expressions", {}) if reply else {}
        ok = reply is not None and reply.get("status") == "ok"
        return Execution(outputs, "ok" if ok else "error", "", expressions, truncated)

    def _schedule_times(self):
        """``(ran, waited, others_ran)``: seconds this kernel's threads (all the grading user's
        processes) have run on a CPU and waited, ready, for one, and seconds the other grading users'
        threads (other kernels) have run (/proc/<pid>/task/<tid>/schedstat); None without a grading
        user (no way to tell the kernel's processes apart)."""
        if self.uid is None:
            return None
        ran = waited = others_ran = 0
        for proc in Path("/proc").iterdir():
            owner = _owner(proc) if proc.name.isdigit() else None
            if owner is None or not SANDBOX_UID <= owner < SANDBOX_UID + SLOTS:
                continue
            for stat in proc.glob("task/*/schedstat"):
                try:
                    fields = stat.read_text().split()
                    run, wait = int(fields[0]) / 1e9, int(fields[1]) / 1e9
                except (OSError, IndexError, ValueError):
                    continue
                if owner == self.uid:
                    ran, waited = ran + run, waited + wait
                else:
                    others_ran += run
        return ran, waited, others_ran

    def _starved(self, timeout, times_before):
        """Did a time limit run out because other kernels held the CPU? (``starved``)"""
        others = busy_slots(self.slot)
        if not others:
            return False
        if times_before is None:
            return True
        ran, waited, others_ran = (now - before for now, before in zip(self._schedule_times(), times_before))
        return starved(timeout, ran, waited, others_ran, others, os.cpu_count() or 1)

    def _began(self, msg_id):
        """Did the (now dead) kernel publish anything for ``msg_id`` before it died?"""
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                return False
            if msg["parent_header"].get("msg_id") == msg_id:
                return True

    def _reply(self, msg_id, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_shell_msg(timeout=1)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]
        return None

    def _stop_runaway(self, msg_id, outputs, message, truncated):
        """Interrupt the code of ``msg_id``; kill the kernel if that code is still running 5 s later."""
        self.km.interrupt_kernel()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.5)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status" \
                    and msg["content"]["execution_state"] == "idle":
                self._drain_shell()
                return Execution(outputs, "timeout", message, truncated=truncated)
        self.stop()
        return Execution(outputs, "died", message + "; it ignored the interrupt, so its kernel was stopped",
                         truncated=truncated)

    def _drain_shell(self):
        while True:
            try:
                self.kc.get_shell_msg(timeout=0.2)
            except queue.Empty:
                return
