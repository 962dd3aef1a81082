"""The grading summary: what grading one notebook found, written by ``SandboxedExecute`` into the
graded notebook's metadata (``SUMMARY_KEY``, plain JSON, so formgrader and nbgrader keep the
notebook as it is) and read by the feedback: the text summary and the page."""
from dataclasses import asdict, dataclass, field

SUMMARY_KEY = "sandboxed_grading"


@dataclass
class ExerciseResult:
    """One exercise's verdict: the points its checks gave and their messages (one a failed check)."""

    points: float
    max_points: float
    messages: list = field(default_factory=list)


@dataclass
class GradingSummary:
    """``exercises``: ``{exercise: ExerciseResult}`` in notebook order; ``incidents``: what the grader
    stopped (time, memory, crashes), in words; ``restored``: what the rebuild put back as released;
    ``sandbox_layers``: ``{layer: available}``."""

    exercises: dict = field(default_factory=dict)
    incidents: list = field(default_factory=list)
    restored: list = field(default_factory=list)
    sandbox_layers: dict = field(default_factory=dict)

    def write(self, nb):
        nb.metadata[SUMMARY_KEY] = asdict(self)

    @classmethod
    def of(cls, nb):
        """The summary in ``nb``'s metadata, None when it has none."""
        found = nb.metadata.get(SUMMARY_KEY)
        if not found:
            return None
        exercises = {name: ExerciseResult(**result) for name, result in found.get("exercises", {}).items()}
        return cls(exercises, list(found.get("incidents", [])), list(found.get("restored", [])),
                   dict(found.get("sandbox_layers", {})))

    @property
    def total(self):
        """``(points, max_points)`` over every exercise."""
        return (sum(e.points for e in self.exercises.values()), sum(e.max_points for e in self.exercises.values()))
