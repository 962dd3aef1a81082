"""Instructor side of the course. Never installed for students. Layout:

    engine/                     -- the grading engine, which knows no course (see its docstring)
    course/<assignment>/        -- an assignment's content, in one folder:
        reference.py            --   the graded functions, solved (the one place solutions live)
        checks.py               --   one hidden check per graded function, with partial credit
        demos.py                --   demo submissions, the scores they must get, the typical mistakes
    course/demo.py              -- what the demos are written with: Demo, Mistake, answers put into a release
    desk/                       -- the instructor's desk: the ``course`` command (cli.py) and what it
                                   drives (build and grade with nbgrader, diagnoses, solutions, the
                                   table of contents, an LMS's downloads in and gradebook CSV out)
"""
