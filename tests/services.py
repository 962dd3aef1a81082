"""Services that tests and benchmarks start on loopback and stop after: a free port, a PostgreSQL server."""
import glob
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path


def free_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


@contextmanager
def postgres_server():
    """Debian's PostgreSQL, started as the ``postgres`` user on a loopback port in a temporary folder;
    yields the SQLAlchemy URL of an empty database ``gradebook``, stops the server and removes it after."""
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    assert binaries, "PostgreSQL is not installed: .ci/run installs Debian's `postgresql`"
    folder = Path(tempfile.mkdtemp(prefix="gradebook-postgres-"))
    folder.chmod(0o755)
    shutil.chown(folder, "postgres", "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run(as_postgres + [f"{binaries[-1]}/initdb", "-D", str(folder / "data"), "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True)
    subprocess.run(as_postgres + [f"{binaries[-1]}/pg_ctl", "-D", str(folder / "data"), "-l", str(folder / "log"), "-w",
                                  "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start"],
                   check=True, capture_output=True)
    try:
        subprocess.run(as_postgres + [f"{binaries[-1]}/createdb", "-h", "127.0.0.1", "-p", str(port), "gradebook"],
                       check=True, capture_output=True)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/gradebook"
    finally:
        subprocess.run(as_postgres + [f"{binaries[-1]}/pg_ctl", "-D", str(folder / "data"), "-m", "fast", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
