"""The sandboxed kernel: start it inside every available layer (``layers``), run code with the
limits (``limits``), interrupt, restart, stop; what running code produced (``Execution``)."""
import logging
import os
import queue
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import zmq
from jupyter_client import KernelManager
from jupyter_core.utils import run_sync

from autograder.engine.sandbox.fonts import copy_font_list
from autograder.engine.sandbox.layers import SECCOMP_FILE, available_layers, kernel_environment, sandbox_command
from autograder.engine.sandbox.limits import Limits, TaskTimeLimit, task_seconds_left
from autograder.engine.sandbox.seccomp import keyring_filter
from autograder.engine.sandbox.slots import SANDBOX_UID, busy_slots, kill_user_processes, schedule_times, starved
from autograder.engine.sanitize import well_formed

log = logging.getLogger("autograder.engine.sandbox")

MAX_MESSAGE_BYTES = 96 * 2**20  # a larger message from the kernel is dropped by ZeroMQ unread


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
        fonts = copy_font_list(self.python, sandbox / "home")  # matplotlib's, made once by the grader
        if fonts is not None:
            made.append(fonts)
        if self.uid is not None:
            for path in made:
                os.chown(path, self.uid, self.uid, follow_symlinks=False)

    def start(self, attempts=2):
        """Start the kernel; a kernel that dies while starting is tried once more."""
        for attempt in range(attempts):
            if task_seconds_left() <= 0:
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
        env = kernel_environment(self.scratch, self.packages)
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
        task_left = task_seconds_left()
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
        """``slots.schedule_times`` of this kernel's user; None without a grading user (no way to
        tell the kernel's processes apart)."""
        return None if self.uid is None else schedule_times(self.uid)

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
