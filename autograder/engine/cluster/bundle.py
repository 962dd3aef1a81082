"""What a worker needs to grade an assignment (``Bundle``), and one student's submission."""
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from autograder.engine.cluster.template import (CONFIG_FILE, cached_template_gradebook, course_config,
                                                course_directory, folder)
from autograder.engine.links import is_plain, read_plain


@dataclass(frozen=True)
class Bundle:
    """What a worker needs to grade submissions of one assignment, as one zip archive."""

    key: str          # sha256 of the archive: a worker unpacks each bundle once
    assignment: str
    archive: bytes

    @classmethod
    def of(cls, course_dir, assignment, config=None, secrets=()):
        """The bundle of ``assignment`` in ``course_dir`` (``config``: its nbgrader configuration,
        read from its ``nbgrader_config.py`` by default): that configuration, the assignment's source
        and release folders (named as the configuration names them) and its template gradebook
        (made once per release, ``template.cached_template_gradebook``). ``secrets`` (a database
        password, say) are blanked out of the configuration it carries: a worker grades into its
        template gradebook and never needs them, and a bundle travels to every worker."""
        course_dir = Path(course_dir).resolve()
        config = config or course_config(course_dir)
        coursedir = course_directory(course_dir, config)
        template = cached_template_gradebook(course_dir, assignment, config)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(CONFIG_FILE, without_secrets((course_dir / CONFIG_FILE).read_text(encoding="utf-8"), secrets))
            for step in ("source", "release"):
                for path in sorted(folder(coursedir, step, assignment).rglob("*")):
                    if path.is_file() and "__pycache__" not in path.parts:
                        archive.write(path, str(path.relative_to(course_dir)))
            archive.write(template, "gradebook.db")
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
