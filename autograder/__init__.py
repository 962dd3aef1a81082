"""Instructor side of the course: reference solutions, hidden checks, demo submissions, grading CLI.

Never installed for students. Layout:
    reference/<assignment>.py  -- the graded functions, solved (the one place solutions live)
    checks/<assignment>.py     -- one hidden check per graded function, with partial credit
    demos/<assignment>.py      -- demo submissions and the scores they must get
    grading.py, cli.py         -- build releases and grade with nbgrader, print score tables
"""
