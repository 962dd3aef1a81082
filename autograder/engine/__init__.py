"""The grading engine: trusted, sandboxed autograding for any nbgrader course.

It knows no course. A course names, in its ``nbgrader_config.py``, the preprocessors of
``preprocessors`` (rebuild on the release, sandboxed execution, text feedback), the package of its
hidden checks (``c.SandboxedExecute.checks_package``) and the packages its notebooks import
(``c.SandboxedExecute.student_packages``); its checks are written with ``checks`` (the check API).

    checks         Rubric, run_student, seeded, tf_seeded, with_helpers, with_gradients, echoing, Source, sibling,
                   changed_arguments, consistent_mistake, evaluate (KEPT_ARGUMENTS: the inputs criterion)
    preprocessors  the nbgrader preprocessors and hooks of trusted grading
    sandbox        the sandboxed kernel (rlimits, bubblewrap, seccomp, a user and cgroup per slot)
    remote         calling a student's function in that kernel; kernel_side: the code run there
    wire           the safe format of values crossing between the kernel and the grader
    links          files a student supplied, read as files: no link followed (the grader is root)
    slots          grading slots shared by the grading processes of one machine
    cluster        grading on a Dask cluster, one writer to the gradebook
"""
