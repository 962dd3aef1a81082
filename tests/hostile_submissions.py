"""A catalogue of hostile or broken Initialization submissions, each with the outcome it must get.

Each entry starts from the release notebook, answers the exercises (correctly unless it says
otherwise) and then does one realistic bad thing. ``expected`` gives, per exercise, "full",
"partial" or "zero" (exercises not named get full marks); ``message`` must appear in what the student
gets back: the text summary of their feedback or the outputs of their graded notebook. It says what
was stopped, put back or refused, so that it cannot appear unless the defence worked.
"""
from dataclasses import dataclass, field

import nbformat

from autograder.course.initialization.checks import XAVIER_NOT_HE
from autograder.course.initialization.demos import CORRECT
from autograder.course.demo import fill_release, graded_cell, with_edit
from pages import png

EXERCISES = list(CORRECT)
ZEROS, RANDOM, HE = EXERCISES


@dataclass(frozen=True)
class Hostile:
    student: str
    about: str
    build: object                      # release notebook -> submitted notebook (or the file's bytes)
    expected: dict = field(default_factory=dict)
    message: str = ""                  # required: the test of the catalogue refuses an empty one


def answered(answers=CORRECT):
    return lambda release: fill_release(release, answers)


def with_cell_after(exercise, code, answers=CORRECT):
    """Answers, plus a cell of the student's own right after the solution cell of ``exercise``."""
    def build(release):
        notebook = fill_release(release, answers)
        index = notebook.cells.index(graded_cell(notebook, exercise))
        notebook.cells.insert(index + 1, nbformat.v4.new_code_cell(code))
        return notebook
    return build


def appended_to(exercise, code, answers=CORRECT):
    """Answers, with ``code`` appended to the solution cell of ``exercise`` (after the def)."""
    def build(release):
        notebook = fill_release(release, answers)
        cell = graded_cell(notebook, exercise)
        cell.source += "\n" + code
        return notebook
    return build


def test_cell(notebook, exercise):
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{exercise}")


def edited_test_cell(exercise, new_source, answers):
    def build(release):
        notebook = fill_release(release, answers)
        test_cell(notebook, exercise).source = new_source
        return notebook
    return build


def deleted_test_cell(exercise, answers=CORRECT, replacement=None):
    def build(release):
        notebook = fill_release(release, answers)
        index = notebook.cells.index(test_cell(notebook, exercise))
        del notebook.cells[index]
        if replacement is not None:
            notebook.cells.insert(index, nbformat.v4.new_code_cell(replacement))
        return notebook
    return build


def duplicated_test_cell(exercise):
    def build(release):
        notebook = fill_release(release, CORRECT)
        cell = test_cell(notebook, exercise)
        notebook.cells.insert(notebook.cells.index(cell), nbformat.from_dict(dict(cell)))
        return notebook
    return build


def added_grade_cell(release):
    notebook = fill_release(release, {})
    cell = nbformat.v4.new_code_cell("100.0")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "test_bonus", "points": 100, "locked": True,
                                 "solution": False, "schema_version": 3, "task": False}
    notebook.cells.append(cell)
    return notebook


def course_paths_attack(course_dir):
    """Read the reference, the source notebook, the gradebook and another student's work; write the gradebook."""
    return f"""
import pathlib
stolen = []
for path in ["{course_dir}/autograder/course/initialization/reference.py", "{course_dir}/gradebook.db",
             "{course_dir}/source/initialization/initialization.ipynb",
             "{course_dir}/submitted/demo-correct/initialization/initialization.ipynb",
             "../../../gradebook.db", "/etc/shadow"]:
    try:
        stolen.append(pathlib.Path(path).read_bytes()[:10])
    except OSError as error:
        print("blocked:", path, type(error).__name__)
for path in ["{course_dir}/gradebook.db", "{course_dir}/autograded/hacked.txt", "/usr/lib/hacked.txt"]:
    try:
        pathlib.Path(path).write_text("hacked")
        print("WROTE", path)
    except OSError as error:
        print("blocked write:", path, type(error).__name__)
assert not stolen, stolen
"""


XAVIER = with_edit(CORRECT, HE, "np.sqrt(2 / ", "np.sqrt(1 / ")
STUB_HE = {k: v for k, v in CORRECT.items() if k != HE}


def network_attack(port):
    """Connect to a port listening on the grader's loopback, then to an address on the internet."""
    return f"""
import socket, urllib.request
for address in [("127.0.0.1", {port}), ("1.1.1.1", 443)]:
    try:
        socket.create_connection(address, timeout=3).close()
        print("CONNECTED", address)
    except OSError as error:
        print("network refused:", address, type(error).__name__)
urllib.request.urlopen("https://pypi.org", timeout=3)
"""


def scratch_attack(course_dir):
    """Plant links and a FIFO where the grader's own files were, aimed at the course's configuration
    and at another student's submission, then end the kernel so that the grader starts a new one."""
    return f"""
import os, pathlib
sandbox = pathlib.Path.cwd().parent
targets = {{"config": "{course_dir}/nbgrader_config.py",
            "other": "{course_dir}/submitted/demo-correct/initialization"}}
for name, target in [("kernel.log", "config"), ("ipc", "other"), ("connection.json", "config")]:
    for folder in (sandbox, sandbox.parent):
        try:
            (folder / name).unlink(missing_ok=True)
            os.symlink(targets[target], folder / name)
            print("planted", folder / name)
        except OSError as error:
            print("refused:", folder / name, type(error).__name__)
for ipc in sandbox.glob("ipc-*"):
    for entry in ipc.iterdir():
        entry.unlink()
    ipc.rmdir()
    os.symlink(targets["other"], ipc)
    print("replaced the socket folder by a link")
try:
    os.mkfifo(sandbox.parent / "kernel.log.fifo")
except OSError as error:
    print("refused: a FIFO beside the grader's files", type(error).__name__)
os._exit(1)
"""


DEEP_TREE = """
import os
here = os.getcwd()
for _ in range(1500):
    os.mkdir("d")
    os.chdir("d")
os.chdir(here)
print("deep tree made")
"""

FILL_TMP = """
for part in range(10):  # files of 200 MiB, under the limit of one file
    with open(f"/tmp/filler-{part}", "wb") as filler:
        for _ in range(200):
            filler.write(bytes(2**20))
"""

# Patches base64 in the kernel so that the grader's own encoder (run there) returns a deflate bomb:
# an .npz whose member inflates to 100 MB.
DEFLATE_BOMB = """
import base64, io, json, zipfile
import numpy as np
_b64encode = base64.b64encode
def _member(array_or_header):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array_or_header)
    return buffer.getvalue()
def _bomb(_):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        tree = {"t": "dict", "items": [[{"t": "py", "v": "W1", "f": False}, {"t": "nd", "k": "a0"}]]}
        archive.writestr("__tree__.npy", _member(np.frombuffer(json.dumps(tree).encode(), dtype=np.uint8)))
        header = io.BytesIO()
        np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (12_500_000,)})
        with archive.open("a0.npy", "w") as member:
            member.write(header.getvalue())
            for _ in range(100):
                member.write(bytes(2**20))
    return _b64encode(buffer.getvalue())
base64.b64encode = _bomb
"""

# Patches base64 so that the value the grader reads back is a 2 MB list literal, not encoded text.
LIST_LITERAL = """
import base64
class _Literal:
    def decode(self, *args):
        return [0] * 400_000
base64.b64encode = lambda data: _Literal()
"""

HTML_ATTACK = """
from IPython.display import HTML, Javascript, display
display(HTML("<script>alert('student')</script><b>bold</b>"))
display(Javascript("alert('student js')"))
"""


SPINNER = """
import os
start, started = os.pipe()
while True:  # processes, each in a session of its own, until the process limit refuses one
    if os.fork() == 0:
        os.close(started)
        os.setsid()
        os.read(start, 1)  # asleep until the next cell lets them all spin at once
        while True:
            pass
"""
# Spinning only once the spinner's cell has reported the refusal: processes spinning while it still
# forks (in its own CPU share) would let that cell run out of time on a loaded machine first.
SPIN = "os.close(started)  # every child's read returns: they spin"


KEYRING = """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
add_key, request_key, keyctl = {"x86_64": (248, 249, 250), "aarch64": (217, 218, 219)}[os.uname().machine]
found = libc.syscall(request_key, b"user", b"dlcourse-planted", None, ctypes.c_int(-4))  # in @u
print("keyring read:", "found a key" if found >= 0 else f"refused ({os.strerror(ctypes.get_errno())})")
added = libc.syscall(add_key, b"user", b"dlcourse-planted", b"secret", 6, ctypes.c_int(-4))
print("keyring write:", "planted a key" if added >= 0 else f"refused ({os.strerror(ctypes.get_errno())})")
"""


def spinner(release):
    """Correct answers; after the last test cell, busy processes up to the limit, then half a minute
    of sleeping cells that keep them alive while other students are graded."""
    notebook = fill_release(release, CORRECT)
    notebook.cells += [nbformat.v4.new_code_cell(SPINNER), nbformat.v4.new_code_cell(SPIN)]
    notebook.cells += [nbformat.v4.new_code_cell("import time\ntime.sleep(6)") for _ in range(5)]
    return notebook


def with_metadata_cells(release):
    """Correct answers, plus two cells of the student's own with malformed nbgrader metadata."""
    notebook = fill_release(release, CORRECT)
    odd = nbformat.v4.new_code_cell("x = 1")
    odd.metadata["nbgrader"] = "not a dict"
    odder = nbformat.v4.new_code_cell("y = 2")
    odder.metadata["nbgrader"] = {"grade_id": 5, "grade": True, "points": 50}
    notebook.cells[3:3] = [odd, odder]
    return notebook


SKETCH = png(3, 3)  # the picture a student pastes into a markdown cell
# What reaches the feedback page and formgrader's view from outputs: an image size with a handler,
# javascript: links in displayed markdown, HTML given as a list of strings (valid nbformat).
PAGE_OUTPUTS = f"""
from IPython.display import Markdown, display
display({{"image/png": {png()!r}}}, metadata={{"image/png": {{"height": "1 onerror=alert(1)"}}}}, raw=True)
display(Markdown("[notes](javascript:alert(2))"))
display(Markdown("[notes][r]\\n\\n[r]: JaVaScRiPt:alert(3)"))
display({{"text/html": ["<b>joined", " list</b>"]}}, raw=True)
"""


def with_page_attacks(release):
    """Correct answers; after the first exercise, the outputs above; at the end, a markdown cell with
    an entity-encoded javascript: link, one with a pasted picture, and a cell of its own with an
    unpaired hidden-test marker."""
    notebook = with_cell_after(ZEROS, PAGE_OUTPUTS)(release)
    sketch = nbformat.v4.new_markdown_cell("My sketch: ![sketch](attachment:sketch.png)")
    sketch.attachments = {"sketch.png": {"image/png": SKETCH}}
    notebook.cells += [nbformat.v4.new_markdown_cell("My [notes](&#106;avascript:alert(4))"), sketch,
                       nbformat.v4.new_code_cell("### BEGIN HIDDEN TESTS\nprint('my own test')")]
    return notebook


def with_script_markdown(release):
    notebook = with_cell_after(ZEROS, HTML_ATTACK)(release)
    notebook.cells.append(nbformat.v4.new_markdown_cell("Notes <script>alert('markdown')</script>"))
    return notebook


def catalogue(course_dir, port=9):
    """The hostile submissions; ``course_dir`` is where the grading course lives (for path attacks),
    ``port`` one on which the grader's machine listens on loopback (for the network attack)."""
    return [
        Hostile("hang-after-correct-def", "a correct def, then `while True: pass` in the same cell",
                appended_to(HE, "while True:\n    pass"), message="stopped after"),
        Hostile("hang-ignoring-interrupt", "a loop that ignores SIGINT, in a cell of its own",
                with_cell_after(HE, "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"),
                message="ignored the interrupt"),
        Hostile("sleep-forever", "time.sleep(10**6) before the last exercise",
                with_cell_after(RANDOM, "import time\ntime.sleep(10**6)"), message="stopped after"),
        Hostile("exit-kernel", "os._exit(0) in a cell of its own",
                with_cell_after(RANDOM, "import os\nos._exit(0)"), message="kernel stopped"),
        Hostile("quit-kernel", "IPython's quit()",
                with_cell_after(ZEROS, "quit()"), message="quit() and exit() do nothing while a notebook is graded"),
        Hostile("segfault", "a NULL pointer read through ctypes",
                with_cell_after(HE, "import ctypes\nctypes.string_at(0)"), message="kernel stopped"),
        Hostile("memory-hog", "allocates arrays of 256 MiB until its memory limit refuses (reserved at once, as "
                "numpy does, so that the limit is reached within a cell's time on a busy machine too)",
                with_cell_after(HE, "import numpy as np\nhoard = []\nwhile True:\n"
                                    "    hoard.append(np.empty(2**28, dtype=np.uint8))"),
                message="ran out of memory (the limit of a kernel is"),
        Hostile("fork-bomb", "starts processes until the system refuses",
                with_cell_after(HE, "import subprocess\nchildren = []\nwhile True:\n"
                                    "    children.append(subprocess.Popen(['sleep', '1000']))"),
                message="could not start another process (the limit of a kernel is"),
        Hostile("os-fork-bomb", "os.fork() in a loop",
                with_cell_after(HE, "import os, time\nfor _ in range(10000):\n    if os.fork() == 0:\n"
                                    "        time.sleep(1000)"),
                message="could not start another process (the limit of a kernel is"),
        Hostile("output-flood", "prints without end",
                with_cell_after(HE, "while True:\n    print('spam ' * 2000)"), message="stopped after"),
        Hostile("stderr-noise", "correct, but warns on stderr inside the function and in a cell",
                with_cell_after(HE, "import sys, warnings\nprint('noise', file=sys.stderr)\n"
                                    "warnings.warn('a library warning')",
                                answers=with_edit(CORRECT, HE, "np.random.seed(3)\n",
                                                  "np.random.seed(3)\nimport sys\nprint('noise', file=sys.stderr)\n")),
                message="noise"),
        Hostile("prints-all-tests-passed", "prints success and fakes a test cell's value, He unanswered",
                with_cell_after(ZEROS, "print('All tests passed!')\n3.0", answers=STUB_HE),
                expected={HE: "zero"}, message=f"{HE} is not implemented"),
        Hostile("fake-grader-module", "plants a fake autograder.course.grade in sys.modules, He unanswered",
                with_cell_after(ZEROS, "import sys, types\nfake = types.ModuleType('autograder.course')\n"
                                       "fake.grade = lambda *args: 3.0\nsys.modules['autograder'] = types.ModuleType('autograder')\n"
                                       "sys.modules['autograder.course'] = fake", answers=STUB_HE),
                expected={HE: "zero"}, message=f"{HE} is not implemented"),
        Hostile("patched-numpy", "makes np.allclose and array_equal always true, He with Xavier's scale",
                with_cell_after(ZEROS, "import numpy\nnumpy.allclose = lambda *a, **k: True\n"
                                       "numpy.array_equal = lambda *a, **k: True", answers=XAVIER),
                expected={HE: "partial"}, message=XAVIER_NOT_HE),
        Hostile("patched-builtins", "replaces print, isinstance and globals, He unanswered",
                with_cell_after(ZEROS, "import builtins\nbuiltins.print = lambda *a, **k: None\n"
                                       "builtins.isinstance = lambda *a: True\nbuiltins.globals = lambda: {}",
                                answers=STUB_HE),
                expected={HE: "zero"}, message=f"{HE} is not implemented"),
        Hostile("edited-test-cell", "replaces the He test cell by `3.0`, He unanswered",
                edited_test_cell(HE, "3.0", STUB_HE), expected={HE: "zero"},
                message=f"the test cell of {HE} was changed in your notebook: the grader used the original"),
        Hostile("deleted-test-cell", "deletes the He test cell, all answered",
                deleted_test_cell(HE),
                message=f"the test cell of {HE} was missing from your notebook: the grader used the original"),
        Hostile("retyped-test-cell", "deletes the He test cell and types `3` in a new one, He unanswered",
                deleted_test_cell(HE, STUB_HE, replacement="3"), expected={HE: "zero"},
                message=f"the test cell of {HE} was missing from your notebook: the grader used the original"),
        Hostile("duplicated-test-cell", "duplicates the He test cell (same grade id)",
                duplicated_test_cell(HE), message=f"the test cell of {HE} appeared 2 times in your notebook"),
        Hostile("added-grade-cell", "adds a graded cell worth 100 points, nothing answered",
                added_grade_cell, expected={e: "zero" for e in EXERCISES},
                message="your cell marked as graded ('test_bonus') is not part of the assignment"),
        Hostile("course-files-attack", "reads the reference, gradebook, sources and another student's work",
                with_cell_after(ZEROS, course_paths_attack(course_dir)),
                message=f"blocked write: {course_dir}/gradebook.db"),
        Hostile("network", "connects to the grader's loopback and to the internet, downloads a page",
                with_cell_after(ZEROS, network_attack(port)), message=f"network refused: ('127.0.0.1', {port})"),
        Hostile("hang-inside-function", "He never returns when called",
                answered(with_edit(CORRECT, HE, "np.random.seed(3)\n", "np.random.seed(3)\nwhile True:\n    pass\n")),
                expected={HE: "zero"}, message="did not return within"),
        Hostile("huge-return-value", "He returns an array of 10**9 floats",
                answered(with_edit(CORRECT, HE, "return parameters", "return np.zeros(10**9)")),
                expected={HE: "zero"}, message="raised MemoryError: Unable to allocate"),
        Hostile("scratch-links", "links and a FIFO where the grader's log and sockets are, aimed at the "
                "course's configuration and another student's submission; then kills its kernel",
                with_cell_after(RANDOM, scratch_attack(course_dir)), message="kernel stopped"),
        Hostile("deep-tree", "a working folder 1500 levels deep, left for the grader to clean up",
                with_cell_after(ZEROS, DEEP_TREE), message="deep tree made"),
        Hostile("tmp-filler", "writes 2 GiB into /tmp, which lives in memory, in files under the size limit",
                with_cell_after(ZEROS, FILL_TMP), message="filled its temporary space (/tmp of a kernel holds"),
        Hostile("deflate-bomb", "its kernel answers the grader with an archive that inflates to 100 MB, He checked after",
                with_cell_after(HE, DEFLATE_BOMB), expected={HE: "zero"},
                message="its result could not be read back (WireError)"),
        Hostile("list-literal-reply", "its kernel answers the grader with a 2 MB list literal, He checked after",
                with_cell_after(HE, LIST_LITERAL), expected={HE: "zero"},
                message="its result could not be read back (ValueError)"),
        Hostile("huge-error-message", "He raises an exception with a 12 MB message",
                answered(with_edit(CORRECT, HE, "return parameters", "raise ValueError('x' * 12_000_000)")),
                expected={HE: "zero"}, message="more characters)"),
        Hostile("malformed-metadata", "two cells of its own with malformed nbgrader metadata, all answered",
                with_metadata_cells, message="2 cell(s) had malformed nbgrader metadata"),
        Hostile("script-in-output", "displays HTML with a script and JavaScript, adds markdown with a script",
                with_script_markdown, message="&lt;script&gt;alert('student')&lt;/script&gt;"),
        Hostile("page-attacks", "an image size with a handler, javascript: links in markdown it displays and "
                "writes, HTML as a list of strings, a pasted picture, an unpaired hidden-test marker in its cell",
                with_page_attacks, message="<b>joined list</b>"),
        Hostile("not-a-notebook", "submits a file that is not JSON under the notebook's name",
                lambda release: b"\x89PNG not a notebook {", expected={e: "zero" for e in EXERCISES},
                message="your notebook file could not be read as a notebook"),
        Hostile("unreadable-return-value", "He returns a function",
                answered(with_edit(CORRECT, HE, "return parameters", "return print")),
                expected={HE: "zero"}, message="should be a dict, got builtin_function_or_method"),
        Hostile("provided-helper-shortcut", "He answered by one call to the course's initialize_parameters helper",
                answered({**CORRECT, HE: "from dlcourse import three_layer_net\n"
                                         "return three_layer_net.initialize_parameters(layers_dims, lambda n: np.sqrt(2 / n))"}),
                expected={HE: "zero"}, message="calls initialize_parameters, which the course's helpers provide"),
    ]
