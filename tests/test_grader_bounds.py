"""Does the grader bound what a student controls before it reads, stores or removes it?

Unit-level questions; the hostile catalogue (``test_hostile_grading.py``) asks the same through
plain ``nbgrader autograde``.
"""
import base64
import io
import json
import os
import struct
import subprocess
import sys
import threading
import zipfile

import nbformat
import numpy as np
import pytest

from autograder.engine import wire
from autograder.engine.checks import Rubric
from autograder.engine.remote import reply_text
from autograder.engine.sandbox import scratch_folder
from autograder.engine.sandbox.seccomp import ALLOW, DENY, KEYRING_CALLS, keyring_filter
from autograder.engine.sandbox import slots
from autograder.engine.sandbox.slots import alone, busy_slots, grading_slot
from autograder.course.demo import fill_release
from autograder.engine.preprocessors import SubmissionReader
from autograder.engine.preprocessors.execute import answers_digest, check_seed
from autograder.engine.preprocessors.rebuild import rebuild, restorations
from conftest import REPOSITORY

RELEASE = REPOSITORY / "assignments" / "initialization" / "initialization.ipynb"


def npy(array=None, header=None, data=b""):
    buffer = io.BytesIO()
    if header is None:
        np.lib.format.write_array(buffer, array)
    else:
        np.lib.format.write_array_header_1_0(buffer, header)
        buffer.write(data)
    return buffer.getvalue()


def archive(members, compression=zipfile.ZIP_STORED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as made:
        for name, data in members.items():
            made.writestr(name, data)
    return base64.b64encode(buffer.getvalue()).decode()


TREE = npy(np.frombuffer(json.dumps({"t": "nd", "k": "a0"}).encode(), dtype=np.uint8))


def test_does_the_wire_read_back_what_it_wrote():
    value = {"W1": np.arange(6.0).reshape(2, 3), "list": [1, "x", None, 2.5], "nested": ({"a": np.int64(3)},)}
    decoded = wire.decode(wire.encode(value))
    assert np.array_equal(decoded["W1"], value["W1"]) and decoded["list"] == value["list"]
    assert decoded["nested"][0]["a"] == 3


def test_does_a_random_generator_cross_the_wire_with_its_state():
    rng = np.random.default_rng(5)
    rng.uniform(size=3)
    copy = wire.decode(wire.encode({"rng": rng}))["rng"]
    assert np.array_equal(copy.uniform(size=4), rng.uniform(size=4))


def test_is_a_function_given_as_source_read_by_the_kernel_side_only():
    """A check's function argument reaches the kernel; the checker refuses one in a reply, so that
    nothing a student sends back is evaluated."""
    text = wire.encode([wire.Source("lambda x: 2 * x")])
    assert wire.decode(text, sources=True)[0](np.arange(3)).tolist() == [0, 2, 4]
    with pytest.raises(wire.WireError, match="kernel's side"):
        wire.decode(text)


def test_does_the_wire_refuse_a_compressed_member():
    text = archive({"__tree__.npy": TREE, "a0.npy": npy(np.zeros(1000))}, zipfile.ZIP_DEFLATED)
    with pytest.raises(wire.WireError, match="compressed"):
        wire.decode(text)


def test_does_the_wire_refuse_an_array_larger_than_its_data():
    lying = npy(header={"descr": "<f8", "fortran_order": False, "shape": (10**12,)}, data=bytes(8))
    with pytest.raises(wire.WireError, match="header"):
        wire.decode(archive({"__tree__.npy": TREE, "a0.npy": lying}))


def test_does_the_wire_bound_the_parts_it_builds_not_only_the_bytes():
    """A reply of a million one-key nodes (11 MB, well under the byte bound) is refused while it is
    parsed, before the grader holds a million dicts; a list as long as the bound allows reads back."""
    many = json.dumps({"t": "list", "items": [{"t": "py"}] * 10**6}).encode()
    with pytest.raises(wire.WireError, match="parts"):
        wire.decode(archive({"__tree__.npy": npy(np.frombuffer(many, dtype=np.uint8))}))
    assert len(wire.decode(wire.encode(list(range(wire.MAX_NODES // 2))))) == wire.MAX_NODES // 2


@pytest.mark.parametrize("descr, shape", [("|V0", (10**12,)), ([("a", "<f8")], (1,))], ids=["zero-size-items", "records"])
def test_does_the_wire_refuse_arrays_of_zero_size_items_and_records(descr, shape):
    odd = npy(header={"descr": descr, "fortran_order": False, "shape": shape},
              data=bytes(int(np.prod(shape)) * np.dtype(descr).itemsize))
    with pytest.raises(wire.WireError, match="refused type or size"):
        wire.decode(archive({"__tree__.npy": TREE, "a0.npy": odd}))


def test_is_a_reply_that_is_not_encoded_text_refused_before_it_is_parsed():
    assert reply_text({"data": {"text/plain": "'QUJD'"}}) == "QUJD"
    for text in ("[0, 0, 0]", "'QUJD' + 'x'", "'" + "A" * 10 + "\\x00'", 12):
        with pytest.raises(ValueError):
            reply_text({"data": {"text/plain": text}})


def test_is_a_long_message_shortened():
    rubric = Rubric(value=1)
    rubric.fail("value", "x" * 10**6)
    [message] = rubric.messages
    assert len(message) < 1000 and message.endswith("more characters)")


def test_does_removing_the_scratch_folder_survive_deep_trees_and_spare_link_targets(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    with scratch_folder() as scratch:
        (scratch / "sandbox").mkdir()
        make_deep_tree(scratch / "sandbox", 1500)
        (scratch / "sandbox" / "link").symlink_to(outside)
        (scratch / "sandbox" / "folder-link").symlink_to(tmp_path)
    assert not scratch.exists() and outside.read_text() == "keep me"


def make_deep_tree(folder, depth):
    """``folder/d/d/.../d``, ``depth`` levels (made level by level: os.makedirs recurses)."""
    here = os.getcwd()
    try:
        os.chdir(folder)
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
    finally:
        os.chdir(here)


def release():
    return nbformat.read(str(RELEASE), as_version=4)


def test_are_malformed_metadata_ignored_and_reported():
    submitted = fill_release(release(), {})
    odd, odder = nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("y = 2")
    odd.metadata["nbgrader"] = ["not", "a", "dict"]
    odder.metadata["nbgrader"] = {"grade_id": 7, "grade": True, "points": 50}
    submitted.cells[2:2] = [odd, odder]
    rebuilt = rebuild(release(), submitted)
    assert [c.source for c in rebuilt.cells].count("x = 1") == 1
    assert all(c.metadata.get("nbgrader", {}).get("points") != 50 for c in rebuilt.cells)
    assert any("2 cell(s) had malformed nbgrader metadata" in note for note in restorations(release(), submitted))


def test_does_the_feedback_say_which_locked_cells_were_put_back():
    submitted = release()
    tests = [c for c in submitted.cells if c.metadata.get("nbgrader", {}).get("grade")]
    tests[0].source = "3.0"
    submitted.cells.remove(tests[1])
    submitted.cells.append(nbformat.from_dict(dict(tests[2])))
    notes = restorations(release(), submitted)
    exercises = [c.metadata["nbgrader"]["grade_id"].removeprefix("test_") for c in tests]
    assert notes == [f"the test cell of {exercises[0]} was changed in your notebook: the grader used the original",
                     f"the test cell of {exercises[1]} was missing from your notebook: the grader used the original",
                     f"the test cell of {exercises[2]} appeared 2 times in your notebook: the grader used it once"]
    assert restorations(release(), release()) == []


@pytest.mark.parametrize("content", [b"not json {", b"\xff\xfe\x00", b'{"cells": 3}'])
def test_is_a_file_that_is_not_a_notebook_read_as_an_empty_one_marked_unreadable(tmp_path, content):
    path = tmp_path / "initialization.ipynb"
    path.write_bytes(content)
    output, _ = SubmissionReader().from_filename(str(path))
    notebook = nbformat.reads(output, as_version=4)
    assert notebook.cells == [] and restorations(release(), notebook)[0].startswith(
        "your notebook file could not be read as a notebook")


def test_does_the_seccomp_filter_refuse_keyring_calls_and_allow_the_rest(tmp_path):
    (tmp_path / "filter.bpf").write_bytes(keyring_filter())
    probe = ("import ctypes, os; libc = ctypes.CDLL(None, use_errno=True); "
             "calls = {'x86_64': 248, 'aarch64': 217}; "
             "r = libc.syscall(calls[os.uname().machine], b'user', b'k', b'v', 1, ctypes.c_int(-4)); "
             "print(r, os.strerror(ctypes.get_errno()), os.getpid() > 0)")
    result = subprocess.run(["sh", "-c", f'exec 3< "{tmp_path / "filter.bpf"}"; exec "$@"', "probe", "bwrap",
                             "--seccomp", "3", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--",
                             sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.split() == ["-1", "Operation", "not", "permitted", "True"], result


def test_does_alone_wait_for_the_gradings_running_now(tmp_path, monkeypatch):
    monkeypatch.setattr(slots, "LOCK_DIR", tmp_path / "slots")  # not the locks of real gradings
    release = threading.Event()
    held = threading.Event()

    def other_grading():
        with grading_slot():
            held.set()
            release.wait(10)

    thread = threading.Thread(target=other_grading)
    thread.start()
    held.wait(10)
    with grading_slot() as mine:
        assert busy_slots(mine) == 1
    got_alone = []

    def grade_alone():
        with alone() as slot:
            got_alone.append(slot)

    waiter = threading.Thread(target=grade_alone)
    waiter.start()
    waiter.join(1.0)
    assert got_alone == [], "alone() did not wait for the other grading"
    release.set()
    waiter.join(10)
    thread.join(10)
    assert got_alone == [0]


def test_is_a_print_split_over_several_stream_messages_kept_as_one_output():
    """The kernel flushes its output when it likes, so one print can arrive in pieces: the graded
    notebook keeps it whole, as Jupyter shows it (and a message searched for is found)."""
    from nbformat.v4 import new_output

    from autograder.engine.sandbox import append_output

    outputs = []
    for name, text in (("stdout", "network refused:"), ("stdout", " ('127.0.0.1', 9)\n"), ("stderr", "warn\n"),
                       ("stdout", "after\n")):
        append_output(outputs, new_output("stream", name=name, text=text))
    assert [(o.name, o.text) for o in outputs] == [
        ("stdout", "network refused: ('127.0.0.1', 9)\n"), ("stderr", "warn\n"), ("stdout", "after\n")]


def run_filter(program, arch, number):
    """What the classic BPF ``program`` returns for a call ``number`` from architecture ``arch``."""
    steps = [struct.unpack("=HBBI", program[i:i + 8]) for i in range(0, len(program), 8)]
    data, accumulator, index = struct.pack("=iI", number, arch), 0, 0
    while True:
        code, true, false, k = steps[index]
        if code == 0x20:  # load a word of seccomp_data
            accumulator = struct.unpack_from("=I", data, k)[0]
        elif code == 0x15:  # jump if equal
            index += true if accumulator == k else false
        elif code == 0x06:
            return k
        index += 1


def test_does_the_seccomp_filter_deny_calls_from_an_unknown_architecture():
    """Each known architecture: its keyring calls denied, another call allowed; any call from an
    architecture the filter does not know (riscv64, say, 0xC00000F3) denied."""
    program = keyring_filter()
    for arch, numbers in KEYRING_CALLS.items():
        assert [run_filter(program, arch, n) for n in numbers] == [DENY] * len(numbers)
        assert run_filter(program, arch, 0) == ALLOW
    assert run_filter(program, 0xC00000F3, 219) == DENY and run_filter(program, 0xC00000F3, 0) == DENY


def test_are_hidden_inputs_the_same_for_a_regrade_and_new_for_a_new_submission():
    """Seeded by the submission's answers: a re-grade (outputs differ) gets the same inputs, an edited
    answer new ones, so inputs a function printed into one feedback are not the next submission's."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def f(x):\n    return x")])
    regraded = nbformat.from_dict(notebook)
    regraded.cells[0].outputs = [nbformat.v4.new_output("stream", text="(1.3, 0.2)")]
    edited = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def f(x):\n    return 2.6")])
    seeds = [check_seed("a", "s", "f", answers_digest(n)) for n in (notebook, regraded, edited)]
    assert seeds[0] == seeds[1] != seeds[2]
    assert check_seed("a", "s", "f", answers_digest(notebook)) != check_seed("a", "t", "f", answers_digest(notebook))


def test_does_a_function_the_grader_gives_hide_its_source_when_printed():
    helper = wire.decode(wire.encode(wire.Source("lambda x, theta: x * theta ** 3")), sources=True)
    assert "theta" not in repr(helper) and "theta" not in str(helper) and helper(2, 3) == 54
