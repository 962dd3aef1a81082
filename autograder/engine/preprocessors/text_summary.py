"""Feedback: the text summary of a graded notebook, beside its HTML page."""
from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.engine.summary import GradingSummary


def text_summary(nb, student, assignment):
    """A short text summary of a graded notebook for the student's feedback folder."""
    summary = GradingSummary.of(nb)
    if not summary:
        return None
    lines = [f"Feedback for {student}, assignment {assignment}", ""]
    for exercise, result in summary.exercises.items():
        lines.append(f"{exercise}: {result.points:g} / {result.max_points:g}")
        lines += [f"  - {message}" for message in result.messages]
    lines.append("Total: {:g} / {:g}".format(*summary.total))
    if summary.restored:
        lines += ["", "Put back as released:"] + [f"  - {note}" for note in summary.restored]
    if summary.incidents:
        lines += ["", "Stopped by the grader:"] + [f"  - {incident}" for incident in summary.incidents]
    return "\n".join(lines) + "\n"


class WriteTextSummary(NbGraderPreprocessor):
    """Feedback: write ``<notebook>.txt`` (points, messages, what was stopped) beside the HTML."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        text = text_summary(nb, info["student"], info["assignment"])
        if text:
            coursedir = CourseDirectory(config=self.config)
            folder = Path(coursedir.format_path(coursedir.feedback_directory, info["student"], info["assignment"]))
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{info['notebook']}.txt").write_text(text)
        return nb, resources
