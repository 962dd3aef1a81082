"""Call a student's function inside the sandboxed kernel from the trusted checker.

``KernelSession`` owns one sandboxed kernel and the record of the cells it ran, so that after the
kernel dies (a crash, ``os._exit``, a memory or CPU limit, an ignored interrupt) it can start a new
one and replay those cells: functions defined before a cell that hangs are still graded.

``RemoteFunction`` looks like the student's function to a hidden check: calling it sends the
arguments to the kernel in the safe format of ``autograder.engine.wire``, runs the function there, and
brings back plain values. The verdict is computed here, in a process that never ran student code.
"""
import inspect
import re

from autograder.engine import kernel_side, wire
from autograder.engine.sandbox import Execution
from autograder.engine.student import StudentCodeError, StudentCodeStopped, StudentFunction, raise_student_error

WIRE_SOURCE = inspect.getsource(wire)
KERNEL_SIDE_SOURCE = inspect.getsource(kernel_side)
RESULT = "__sandboxed_grader_result__"
RESULT_KEYS = {"value", "calls", "gradients", "arguments"}  # what kernel_side.invoke may return
MAX_REPLAYS = 3
# The reply: the repr of the base64 text `wire.encode` made, and nothing else, of a bounded length.
REPLY = re.compile(r"'([A-Za-z0-9+/=]{0,%d})'" % (wire.MAX_BYTES * 4 // 3 + 4))


def call_code(name, payload):
    """Code run in the kernel: decode the call, run ``name`` there, encode what came of it.

    ``payload`` is the wire encoding of ``kernel_side.invoke``'s keyword arguments but the function.
    """
    return f"""{RESULT} = None
def __sandboxed_grader_call():
    grader = {{"__name__": "sandboxed_grader"}}
    exec({WIRE_SOURCE!r}, grader)
    exec({KERNEL_SIDE_SOURCE!r}, grader)
    call = grader["decode"]({payload!r}, sources=True)
    if {name!r} not in globals():
        return grader["encode"]({{"error": {{"type": "NameError", "message": "{name} is not defined (was its cell run?)"}}}})
    return grader["encode"](grader["invoke"](globals()[{name!r}], **call))
{RESULT} = __sandboxed_grader_call()
del __sandboxed_grader_call
"""


class KernelSession:
    """A sandboxed kernel plus the cells it ran, able to recover from the kernel's death."""

    def __init__(self, kernel):
        self.kernel = kernel
        self.history = []       # sources of the cells that ran (ok or error), in order
        self.replays = 0
        self.incidents = []     # what went wrong, in words, for the feedback

    def ensure_alive(self):
        """Is a kernel ready? One found dead was stopped by the last cell that ran (``quit()``, a
        timer calling ``os._exit``): that cell leaves the history and the others are replayed."""
        if self.kernel.alive():
            return True
        if self.history:
            self.history.pop()
            self.incidents.append("the kernel stopped after a cell had finished; that cell was not replayed")
        return self.recover()

    def run_cell(self, source, timeout):
        if not self.ensure_alive():
            return Execution([], "died", f"not run: the kernel was restarted {MAX_REPLAYS} times already")
        execution = self.kernel.run(source, timeout)
        if execution.status == "died" and self.recover() and not execution.started:
            # Nothing of this cell ran that we know of: the kernel may have been dying already (a
            # quit() in the cell before). Give it one more run in the new kernel.
            execution = self.kernel.run(source, timeout)
            if execution.status == "died":
                self.recover()
        if execution.status in ("ok", "error"):
            self.history.append(source)
        return execution

    def recover(self):
        """Start a new kernel and replay the cells that ran before.

        A replayed cell after which the kernel is gone leaves the history, and the replay starts over
        (at most ``MAX_REPLAYS`` kernels in all); returns whether a kernel is ready.
        """
        while self.replays < MAX_REPLAYS:
            self.replays += 1
            self.kernel.restart()
            kept = []
            for position, source in enumerate(self.history):
                execution = self.kernel.run(source, self.kernel.limits.cell_seconds)
                if execution.status == "died" or not self.kernel.alive(settle=0.2):
                    self.history = kept + self.history[position + 1:]
                    break
                kept.append(source)
            else:
                self.history = kept
                return True
        self.kernel.stop()
        return False

    def call(self, name, args, kwargs, **options):
        """Run ``name(*args, **kwargs)`` in the kernel with ``kernel_side.invoke``'s ``options``.

        Returns invoke's ``{"value", "calls", "gradients"}`` (and ``"arguments"``) or raises StudentCodeError
        (NotImplementedError for a stub).
        """
        if not self.ensure_alive():
            raise StudentCodeError(f"not called: the kernel was restarted {MAX_REPLAYS} times already")
        code = call_code(name, wire.encode({"args": list(args), "kwargs": dict(kwargs), **options}))
        execution = self.kernel.run(code, self.kernel.limits.call_seconds, {"result": RESULT})
        if execution.status == "died" and self.recover() and not execution.started:
            execution = self.kernel.run(code, self.kernel.limits.call_seconds, {"result": RESULT})
            if execution.status == "died":
                self.recover()
        if execution.status == "died":
            raise StudentCodeStopped(f"the call stopped the kernel ({execution.message})")
        if execution.status == "timeout":
            raise StudentCodeStopped(f"did not return within {self.kernel.limits.call_seconds:g} s")
        reply = (execution.user_expressions or {}).get("result", {})
        try:
            answer = wire.decode(reply_text(reply))
        except (KeyError, TypeError, ValueError, MemoryError, RecursionError) as error:
            raise StudentCodeError(f"its result could not be read back ({type(error).__name__})") from None
        if isinstance(answer, dict) and set(answer) == {"error"}:
            raise_student_error(answer["error"])
        if not (isinstance(answer, dict) and {"value", "calls", "gradients"} <= set(answer) <= RESULT_KEYS
                and isinstance(answer["calls"], dict) and isinstance(answer["gradients"], (dict, type(None)))
                and isinstance(answer.get("arguments", []), list)):
            raise StudentCodeError("its result could not be read back")
        return answer


def reply_text(reply):
    """The encoded value in a ``user_expressions`` reply, checked for form and size before use."""
    text = reply["data"]["text/plain"]
    match = REPLY.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError("not an encoded value")
    return match.group(1)


class RemoteFunction(StudentFunction):
    """Stands for the student's function ``name`` in a hidden check: it runs in the kernel of
    ``session``."""

    def __init__(self, session, name):
        super().__init__(name)
        self.session = session
        self.hung = None

    def sibling(self, name):
        """The student's function ``name`` in the same kernel."""
        return RemoteFunction(self.session, name)

    def call(self, args, kwargs, **options):
        if self.hung:
            raise StudentCodeError(f"not called again: {self.hung}")
        try:
            return self.session.call(self.__name__, args, kwargs, **options)
        except StudentCodeStopped as error:
            self.hung = str(error)
            raise
