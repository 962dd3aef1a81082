"""Does the instructor's and the student's day work in a real browser, from an LMS and back?

One course, one JupyterLab (with nbgrader's formgrader) on loopback and one headless Chromium
(Debian's ``chromium`` driven by Debian's ``chromedriver`` through Selenium) for the module. The round
trip: formgrader generates Initialization; a Canvas bulk download comes in through ``course
collect`` (a notebook saved from Colab, one from Jupyter handed in late, one with a bug submitted
twice, one hostile, one from a student not on the roster); formgrader autogrades one submission
through its page, ``course grade`` the others; formgrader generates the feedback, whose page is
read in Chromium; ``course export --format canvas`` gives the rows the gradebook holds.
Screenshots go to ``tests/artifacts/`` (git-ignored).
"""
import contextlib
import csv
import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from autograder.desk import cli, grading
from autograder.course import demos_of
from conftest import REPOSITORY, copy_course
import hostile_submissions
from hostile_submissions import RANDOM, ZEROS, with_cell_after

pytestmark = pytest.mark.slow

ASSIGNMENT = "initialization"
ARTIFACTS = REPOSITORY / "tests" / "artifacts"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
# id, first name, last name, email, Canvas user id; how each one's file reaches the course
ROSTER = [("kim", "Yuna", "Kim", "", "1001"), ("ng", "Anh", "Ng", "", "1002"),
          ("obrien", "Siobhán", "O'Brien, Jr.", "shiv@example.org", "1003"), ("mallory", "Mal", "Lory", "", "1004")]
COMMENT = "See lecture 3: fan-in for ReLU is 2/n, for tanh 1/n."
BUG = next(d for d in demos_of(ASSIGNMENT) if d.partial)  # the first typical mistake: partial credit on one exercise


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder with every assignment's source and a student list with LMS ids."""
    folder = copy_course(tmp_path_factory.mktemp("browser-course"))
    roster = folder / "roster.csv"
    with open(roster, "w", newline="") as file:
        csv.writer(file).writerows([["id", "first_name", "last_name", "email", "lms_user_id"], *ROSTER])
    grading.nbgrader("db", "student", "import", str(roster), course_dir=folder)
    return folder


@pytest.fixture(scope="module")
def lab(course, tmp_path_factory):
    """JupyterLab with nbgrader's extensions, serving ``course`` on loopback: its base URL and token."""
    port, token = free_port(), secrets.token_hex(16)
    settings = tmp_path_factory.mktemp("jupyter")
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"],
           "JUPYTER_CONFIG_DIR": str(settings / "config"), "JUPYTER_RUNTIME_DIR": str(settings / "runtime")}
    log = open(settings / "lab.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
                               f"--port={port}", f"--IdentityProvider.token={token}"],
                              cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start: {(settings / 'lab.log').read_text()[-2000:]}")
                time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, Debian's build and driver (nothing is downloaded)."""
    assert CHROMIUM and CHROMEDRIVER, "install Debian's chromium and chromium-driver (.ci/run does)"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def screenshot(driver, name, full_page=False):
    """Save the window (or the whole page, up to 8000 pixels tall) as ``tests/artifacts/<name>``."""
    if full_page:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1400, min(height, 8000))
    driver.save_screenshot(str(ARTIFACTS / name))
    driver.set_window_size(1400, 1000)


def wait_for(driver, css, seconds=30):
    return WebDriverWait(driver, seconds).until(expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, css)))


def open_page(driver, lab, path, ready_css):
    base, token = lab
    driver.get(f"{base}{path}?token={token}")
    return wait_for(driver, ready_css)


def click_in_row(driver, key_css, key, button_css, seconds=300):
    """Click ``button_css`` in the table row whose ``key_css`` cell reads ``key`` (once the page's
    script has drawn it); return the text of the modal that says how it went."""
    def click(driver):
        for row in driver.find_elements(By.CSS_SELECTOR, "tbody tr"):
            keys, buttons = row.find_elements(By.CSS_SELECTOR, key_css), row.find_elements(By.CSS_SELECTOR, button_css)
            if keys and keys[0].text == key and buttons:
                buttons[0].click()
                return True
        return False
    WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException,)).until(click)
    modal = wait_for(driver, "#success-modal, #error-modal", seconds)
    # The modal fades in: until it has, its title and message may not count as shown (seen once: the
    # text held the log but not "Successfully created ..."). Wait for the message itself.
    WebDriverWait(driver, 30).until(lambda _: "Successfully" in modal.text or "error" in modal.text.lower())
    return modal.text


def from_colab(notebook):
    """``notebook`` as Colab's File > Download writes it: nbformat 4.0, Colab's notebook metadata, an
    ``id`` in each cell's metadata and an ``outputId`` in each code cell's (raw JSON text)."""
    data = json.loads(nbformat.writes(notebook))
    data["nbformat_minor"] = 0
    data["metadata"] = {"colab": {"provenance": [], "name": f"{ASSIGNMENT}.ipynb", "toc_visible": True},
                        "kernelspec": {"name": "python3", "display_name": "Python 3"},
                        "language_info": {"name": "python"}, "accelerator": "GPU"}
    for index, cell in enumerate(data["cells"]):
        cell.pop("id", None)
        cell["metadata"]["id"] = f"colabCell{index:04d}"
        if cell["cell_type"] == "code":
            cell["metadata"]["outputId"] = f"0000-{index:04d}-colab"
    return json.dumps(data, indent=2).encode()


def hostile(release):
    """Correct answers, a cell that kills its kernel, and the first exercise's test cell deleted."""
    notebook = with_cell_after(RANDOM, "import os\nos._exit(0)")(release)
    notebook.cells.remove(hostile_submissions.test_cell(notebook, ZEROS))
    return nbformat.writes(notebook).encode()


def canvas_archive(course, path):
    """A Canvas bulk download of Initialization: ``{member: bytes}`` written to ``path``."""
    release = grading.release_notebook(ASSIGNMENT, ASSIGNMENT, course)
    [correct] = [d for d in demos_of(ASSIGNMENT) if d.student == "correct"]
    members = {
        f"kimyuna_1001_5001_{ASSIGNMENT}.ipynb": from_colab(correct.notebook(release)),
        f"nganh_late_1002_5002_{ASSIGNMENT}.ipynb": nbformat.writes(correct.notebook(release)).encode(),
        f"obrienjrsiobhan_1003_5003_{ASSIGNMENT}-1.ipynb": nbformat.writes(BUG.notebook(release)).encode(),
        f"lorymal_1004_5004_{ASSIGNMENT}.ipynb": hostile(release),
        f"doejane_1999_5009_{ASSIGNMENT}.ipynb": nbformat.writes(release).encode(),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def generated(course, lab, browser):
    """Initialization generated by formgrader's "Generate" button: the modal's text."""
    open_page(browser, lab, "/formgrader/manage_assignments", "tbody tr td.name a")
    text = click_in_row(browser, "td.name", ASSIGNMENT, "td.assign a")
    screenshot(browser, "formgrader-generated.png")
    return text


@pytest.fixture(scope="module")
def collected(generated, course, tmp_path_factory):
    """``course collect`` of a Canvas download: what it printed."""
    archive = canvas_archive(course, tmp_path_factory.mktemp("canvas") / "submissions.zip")
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        assert cli.main(["--course-dir", str(course), "collect", ASSIGNMENT, str(archive)]) == 0
    return printed.getvalue()


@pytest.fixture(scope="module")
def graded(collected, course, lab, browser):
    """O'Brien's submission autograded through formgrader's page, the others by ``course grade``,
    then the feedback of all generated by formgrader: what the pages' modals said."""
    open_page(browser, lab, f"/formgrader/manage_submissions/{ASSIGNMENT}", "tbody tr td.autograde a")
    autograded = click_in_row(browser, "td.student-id", "obrien", "td.autograde a")
    screenshot(browser, "formgrader-autograded.png")
    with Gradebook(grading.gradebook_url(course)) as gradebook:
        graded_by_page = [s.student.id for s in gradebook.assignment_submissions(ASSIGNMENT)]
    grading.autograde(ASSIGNMENT, course)
    with Gradebook(grading.gradebook_url(course)) as gradebook:  # as formgrader's manual grading would
        [exercise] = BUG.partial
        gradebook.find_comment(exercise, ASSIGNMENT, ASSIGNMENT, "obrien").manual_comment = COMMENT
        gradebook.db.commit()
    open_page(browser, lab, "/formgrader/manage_assignments", "tbody tr td.generate-feedback a")
    feedback = click_in_row(browser, "td.name", ASSIGNMENT, "td.generate-feedback a")
    return {"autograded": autograded, "graded_by_page": graded_by_page, "feedback": feedback}


def test_does_formgrader_list_every_assignment_without_an_exchange_warning(course, lab, browser):
    open_page(browser, lab, "/formgrader/manage_assignments", "tbody tr td.name a")
    expected = grading.assignments(course)
    WebDriverWait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "tbody tr td.name a")) >= len(expected))
    listed = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "tbody tr td.name")]
    screenshot(browser, "formgrader-assignments.png")
    assert sorted(listed) == expected
    assert browser.find_elements(By.ID, "warning-exchange") == []


def test_does_formgrader_generate_an_assignment(generated, course):
    assert f"Successfully created the student version of '{ASSIGNMENT}'" in generated
    assert (course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()


def test_does_course_collect_place_each_canvas_file_with_its_student(collected, course):
    placed = sorted(p.relative_to(course / "submitted").parts[0] for p in (course / "submitted").glob("*/*/*.ipynb"))
    assert placed == sorted(student for student, *_ in ROSTER)
    assert "late (as the LMS says): ng" in collected
    assert f"doejane_1999_5009_{ASSIGNMENT}.ipynb: no student in the roster" in collected


def test_does_formgrader_autograde_a_submission_through_its_page(graded, course):
    assert f"Successfully autograded '{ASSIGNMENT}' for student 'obrien'" in graded["autograded"]
    assert graded["graded_by_page"] == ["obrien"]
    scores = grading.scores(ASSIGNMENT, course)["obrien"]
    assert {e for e, (score, points) in scores.items() if score < points} == set(BUG.partial)


def test_does_a_notebook_saved_from_colab_grade_like_one_from_jupyter(graded, course):
    scores = grading.scores(ASSIGNMENT, course)
    assert scores["kim"] == scores["ng"] == {e: (p, p) for e, p in grading.exercises(ASSIGNMENT).items()}


def test_does_formgrader_show_a_submission_with_its_grades(graded, course, lab, browser):
    with Gradebook(grading.gradebook_url(course)) as gradebook:
        submission = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "obrien").id
    open_page(browser, lab, f"/formgrader/submissions/{submission}", "#notebook-container")
    text = browser.find_element(By.TAG_NAME, "body").text
    [exercise] = BUG.partial
    verdict = browser.find_element(By.XPATH, f"//pre[contains(., 'Hidden checks of {exercise}:')]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", verdict)
    screenshot(browser, "formgrader-submission.png")
    assert BUG.about[:40] in text
    assert f"Hidden checks of {exercise}:" in text


def feedback_page(browser, lab, student):
    """The student's feedback page as Chromium shows it, served by the course's JupyterLab: its text."""
    open_page(browser, lab, f"/files/feedback/{student}/{ASSIGNMENT}/{ASSIGNMENT}.html", "#summary")
    return browser.find_element(By.TAG_NAME, "body").text


def test_is_the_feedback_page_one_a_student_wants_to_read(graded, lab, browser):
    assert f"Successfully generated feedback of '{ASSIGNMENT}'" in graded["feedback"]
    text = feedback_page(browser, lab, "obrien")
    screenshot(browser, "feedback-top.png")
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "table#exercises tr")][1:]
    exercises = grading.exercises(ASSIGNMENT)
    assert [r.split(" ", 2)[1] for r in rows] == list(exercises), "one row an exercise, numbered, in notebook order"
    [exercise] = BUG.partial
    [row] = [r for r in rows if exercise in r]
    assert BUG.about[:40] in row and f"/ {exercises[exercise]:g}" in row
    assert f"Your instructor: {COMMENT}" in row
    assert text.startswith(f"{ASSIGNMENT}: ") and " / 8 points" in text.splitlines()[0]
    for clutter in ("Test cell (Score", "COURSE_REPOSITORY", "BEGIN HIDDEN TESTS", "autograder.course", "In [1]"):
        assert clutter not in text
    plots = browser.execute_script("return [...document.images].filter(i => i.src.startsWith('data:image/png')"
                                   " && i.naturalWidth > 100).length")
    assert plots >= 3, "the student's own plots are shown"
    screenshot(browser, "feedback-page.png", full_page=True)


def test_does_the_feedback_page_say_what_was_stopped_and_put_back(graded, lab, browser):
    text = feedback_page(browser, lab, "mallory")
    screenshot(browser, "feedback-hostile.png")
    stopped = browser.find_element(By.ID, "incidents").text
    restored = browser.find_element(By.ID, "restored").text
    assert "kernel stopped" in stopped
    assert f"the test cell of {ZEROS} was missing from your notebook" in restored
    assert "8 / 8 points" in text.splitlines()[0]


def test_does_the_canvas_csv_hold_the_gradebook_rows(graded, course):
    path = grading.export("canvas", None, [ASSIGNMENT], course)
    with open(path, newline="") as file:
        rows = list(csv.reader(file))
    assert rows[1][5:] == [f"{sum(grading.exercises(ASSIGNMENT).values()):g}"]
    scores = grading.scores(ASSIGNMENT, course)
    names = {sid: f"{last}, {first}" for sid, first, last, *_ in ROSTER}
    expected = sorted([names[sid], lms, sid, email, "", f"{sum(s for s, _ in scores[sid].values()):g}"]
                      for sid, _, _, email, lms in ROSTER)
    assert sorted(rows[2:]) == expected
