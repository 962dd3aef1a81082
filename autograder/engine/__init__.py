"""The grading engine: trusted, sandboxed autograding for any nbgrader course.

It knows no course. A course's ``nbgrader_config.py`` calls ``configuration.configure`` with the
package of its hidden checks and the packages its notebooks import; its checks are written with
``checks`` (the check API). ``tests/second_course/`` is a course that uses nothing else.

    configuration  configure(c, course_dir, checks_module, student_packages, omitted_cells)
    checks         Rubric, run_student, seeded, tf_seeded, with_helpers, with_gradients, echoing, Source, sibling,
                   changed_arguments, as_number, scalar_problem, array_problem,
                   close, matching_mistake, consistent_mistake, evaluate (KEPT_ARGUMENTS: the inputs criterion)
    preprocessors  the nbgrader preprocessors and hooks of trusted grading, one a file
    summary        what grading one notebook found (GradingSummary), which the feedback reads
    sandbox        the sandboxed kernel: its limits, its layers (rlimits, bubblewrap, seccomp, a user and
                   cgroup per slot), the kernel, the slots shared by the graders of one machine
    student        the student's function as a check sees it (StudentFunction: local or remote, watching
                   the provided helpers it calls and the arguments it must keep), the errors of student code
    remote         the student's function in the sandboxed kernel; kernel_side: the code run there
    wire           the safe format of values crossing between the kernel and the grader
    sanitize       what a student's notebook may put on a page; cells: nbgrader metadata read defensively
    links          files a student supplied, read as files: no link followed (the grader is root)
    students       students' ids and names in the gradebook
    cluster        grading on a Dask cluster; gradebook_writer: many results in one transaction
"""
