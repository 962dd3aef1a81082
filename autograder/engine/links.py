"""Files a student supplied are read as files, never through links.

The grader runs as root: a link in a submission (``<notebook>.ipynb -> /proc/self/cwd/source/…``,
a data file -> a root-only file, ``../../<classmate>/…``) would hand its target to the student through
``autograded/`` and ``feedback/``. A *plain* file here is a regular file with no other name: not a
symbolic link, not a hard link (whose other name may be any file of the same file system).
"""
import os
import stat
from pathlib import Path


def is_plain(path):
    """Is ``path`` itself (not what it may point to) a regular file with one name?"""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_nlink == 1


def why_not_plain(path):
    """Why ``path`` is not a plain file ("a link to another file", say), or None if it is one."""
    try:
        info = os.lstat(path)
    except OSError as error:
        return f"unreadable ({error.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return "a link to another file, which the grader does not follow"
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_nlink > 1:
        return "a hard link (another name of a file elsewhere), which the grader does not follow"
    return None


def read_plain(path):
    """The bytes of the plain file ``path``; ``ValueError`` naming the reason if it is not one."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            raise ValueError(f"{Path(path).name} is {why_not_plain(path) or 'not a plain file'}")
        return handle.read()


def remove_links(folder, keep=".ipynb"):
    """Remove every entry under ``folder`` that is not a plain file or a folder (links, hard links,
    pipes, devices), without following any: their targets are untouched. Names ending in ``keep``
    stay (the notebooks: ``SubmissionReader`` grades a linked one as unreadable, saying why).
    Returns ``[(path relative to folder, why)]``."""
    removed = []
    for root, folders, files in os.walk(folder):  # os.walk does not enter linked folders
        for name in files + folders:
            path = Path(root) / name
            why = why_not_plain(path)
            if why is not None and not name.endswith(keep):
                path.unlink(missing_ok=True)
                removed.append((str(path.relative_to(folder)), why))
    return sorted(removed)


def printable(text):
    """``text`` (a name a student chose) with its control characters shown escaped (``\\x1b``,
    ``\\r``): printed raw, they could move the cursor and overwrite what the terminal shows."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in str(text))


def linked_part(path, root):
    """The first of ``path`` and its folders below ``root`` that is a link (writing there would
    write wherever it points), or None."""
    path, root = Path(path), Path(root)
    for part in [path, *path.parents]:
        if part == root or root not in part.parents:
            break
        if part.is_symlink():
            return part
    return None


def write_plain(path, data):
    """Write ``data`` (bytes) to ``path`` as a new plain file: never through a link (``O_NOFOLLOW``;
    a link there is removed first, its target untouched)."""
    path = Path(path)
    if path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
