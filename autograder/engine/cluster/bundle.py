"""What a worker needs to grade an assignment (``Bundle``), and one student's submission."""
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from autograder.engine.links import is_plain, read_plain


@dataclass(frozen=True)
class Bundle:
    """What a worker needs to grade submissions of one assignment, as one zip archive."""

    key: str          # sha256 of the archive: a worker unpacks each bundle once
    assignment: str
    archive: bytes

    @classmethod
    def of(cls, course_dir, assignment, template_gradebook, secrets=()):
        """The bundle of ``assignment`` in ``course_dir``, with ``template_gradebook`` (a SQLite file
        holding the assignment and no student) as its gradebook. ``secrets`` (a database password,
        say) are blanked out of the configuration it carries: a worker grades into its template
        gradebook and never needs them, and a bundle travels to every worker."""
        course_dir = Path(course_dir)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("nbgrader_config.py", without_secrets(
                (course_dir / "nbgrader_config.py").read_text(encoding="utf-8"), secrets))
            for folder in ("source", "assignments"):
                for path in sorted((course_dir / folder / assignment).rglob("*")):
                    if path.is_file() and "__pycache__" not in path.parts:
                        archive.write(path, str(path.relative_to(course_dir)))
            archive.write(template_gradebook, "gradebook.db")
        data = buffer.getvalue()
        return cls(hashlib.sha256(data).hexdigest(), assignment, data)


def without_secrets(text, secrets):
    """``text`` with each of ``secrets`` replaced by ``REDACTED`` where a URL holds it as its password
    (``://user:SECRET@host``, as written or URL-quoted): only there, so that a short or common
    password never changes anything else of the configuration."""
    from urllib.parse import quote, quote_plus

    for secret in sorted({str(s) for s in secrets if s}, key=len, reverse=True):
        for written in {secret, quote(secret, safe=""), quote_plus(secret)}:
            text = re.sub(r"(://[^/\s:@'\"]*:)" + re.escape(written) + "@", r"\1REDACTED@", text)
    return text


@dataclass(frozen=True)
class Submission:
    """One student's submitted files of an assignment, and their checksum."""

    student: str
    assignment: str
    files: dict       # name -> bytes
    timestamp: str = ""

    @property
    def checksum(self):
        digest = hashlib.sha256()
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + hashlib.sha256(self.files[name]).digest())
        return digest.hexdigest()

    @classmethod
    def read(cls, folder, student, assignment):
        files = {p.name: read_plain(p) for p in sorted(Path(folder).iterdir())
                 if is_plain(p)}  # a link could point anywhere on this machine (``links``)
        timestamp = files.pop("timestamp.txt", b"").decode(errors="replace").strip()
        return cls(student, assignment, files, timestamp)
