"""Matplotlib's font list for a new kernel, built once by the grader instead of once a submission.

Every kernel gets an empty home, which is also its matplotlib configuration folder, so the first
``import matplotlib.pyplot`` of every submission scanned the system's fonts and wrote the font list
(``fontlist-v*.json``) again: about 0.3 s a submission. The grader builds that list once, in a folder
of its own that no kernel can write (``~/.cache/autograder/matplotlib``), and copies it into each
kernel's home before the kernel starts. A kernel may change its copy; the next kernel gets a fresh one.
"""
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger("autograder.engine.sandbox")

BUILD_SECONDS = 120


def cache_folder(python):
    """The grader's folder for the font list of the Python at ``python``."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "autograder" / "matplotlib" / hashlib.sha256(str(python).encode()).hexdigest()[:16]


_lists = {}  # python -> the font list file, or None when matplotlib cannot make one


def font_list(python):
    """The font list file that matplotlib under ``python`` reads from its configuration folder, made
    once per machine (again when matplotlib's version changes its name); None if it cannot be made
    (no matplotlib there): a kernel then builds its own, as before."""
    if python not in _lists:
        _lists[python] = _cached(cache_folder(python)) or _build(python, cache_folder(python))
    return _lists[python]


def _cached(folder):
    found = sorted(folder.glob("fontlist-v*.json")) if folder.is_dir() else []
    return found[-1] if found else None


def _build(python, folder):
    """Run matplotlib's font manager under ``python`` with a new configuration folder; keep the font
    list it writes in ``folder`` (renamed into place: another grader may build it at the same time)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.TemporaryDirectory(dir=folder) as building:
            subprocess.run([str(python), "-c", "import matplotlib.font_manager"], check=True, capture_output=True,
                           timeout=BUILD_SECONDS, env=_kernel_like(building))
            [built] = Path(building).glob("fontlist-v*.json")
            os.replace(built, folder / built.name)
            return folder / built.name
    except (OSError, ValueError, subprocess.SubprocessError) as error:
        log.debug("no shared matplotlib font list (%s): each kernel builds its own", error)
        return None


def _kernel_like(home):
    """An environment like a kernel's (``layers.kernel_environment``) as far as fonts go: its
    ``PATH``, and an empty home that is also matplotlib's folder (no user fonts)."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "MPLCONFIGDIR": home}


def copy_font_list(python, home):
    """Copy the font list (``font_list``) into a kernel's ``home``; returns the copy, or None."""
    source = font_list(python)
    if source is None:
        return None
    return Path(shutil.copyfile(source, Path(home) / source.name))
