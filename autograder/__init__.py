"""Instructor side of the course. Never installed for students. Layout:

    engine/                    -- the grading engine, which knows no course (see its docstring)
    reference/<assignment>.py  -- the graded functions, solved (the one place solutions live)
    checks/<assignment>.py     -- one hidden check per graded function, with partial credit
    demos/<assignment>.py      -- demo submissions, the scores they must get, the typical mistakes
    diagnoses.py               -- what each typical mistake gives on the public checks
    solutions.py               -- the reference bodies in the source notebooks; solutions notebooks
    grading.py, cli.py         -- build releases and grade with nbgrader, print score tables
"""
