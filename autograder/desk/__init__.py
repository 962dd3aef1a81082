"""The instructor's desk: the ``course`` command (``cli``) and what it drives, each function given the
course directory it works on (the command's ``--course-dir``, this repository by default).

    cli.py              -- ``course``: parse the command line, check its input, print the results
    grading.py          -- build the releases and grade with nbgrader, locally or on a Dask cluster
    nbgrader_command.py -- the ``nbgrader`` command, started sooner
    contents.py         -- the table of contents at the top of each source notebook
    solutions.py        -- the reference bodies in the source notebooks; the solutions notebooks
    submissions.py      -- whether a graded demo got its score; notebooks read from disk (the demos
                           and the typical mistakes are the course's: ``autograder.course.demo``)
    diagnoses.py        -- what each typical mistake gives on the public checks
    collect.py          -- an LMS's bulk download into submitted/
    export.py           -- the gradebook out as an LMS's CSV
"""
