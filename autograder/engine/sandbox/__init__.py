"""Run a student's notebook code in a sandboxed Jupyter kernel.

    limits         a kernel's resources and the grading task's time
    layers         the layers available here, the command that wraps the kernel, its folder
    kernel         the kernel itself: start, run with limits, stop
    slots          grading slots shared by the graders of one machine, their users, starvation
    seccomp        the seccomp filter; kernel_groups: a control group per slot

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
  kernel and reach the next student graded as the same user (``seccomp``);
- a control group per slot (``kernel_groups``): every process of the kernel shares one
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

from autograder.engine.sandbox.kernel import Execution, SandboxedKernel, append_output, output_in_form
from autograder.engine.sandbox.layers import available_layers, package_folder, scratch_folder
from autograder.engine.sandbox.limits import Limits, TaskTimeLimit, task_time_limit
from autograder.engine.sandbox.slots import starved

__all__ = ["Execution", "Limits", "SandboxedKernel", "TaskTimeLimit", "append_output", "available_layers",
           "output_in_form", "package_folder", "scratch_folder", "starved", "task_time_limit"]
