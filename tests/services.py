"""Services that tests and benchmarks start on loopback and stop after: a free port, a PostgreSQL server
(and copies of its databases), a Dask scheduler with workers."""
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
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


def database_copy(url, name, template="gradebook"):
    """A new database ``name`` on the server of ``url``, a copy of ``template`` (which nobody may be
    connected to); returns its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    finally:
        engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


class DaskCluster:
    """A ``dask scheduler`` and ``workers`` ``dask worker`` processes (each with its nanny) on loopback,
    each in its own process group; nothing restarts a worker that ends. ``preload``: a module file
    that the scheduler and the workers preload; ``env``: their environment."""

    def __init__(self, workers=2, preload=None, env=None):
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.dask = str(Path(sys.executable).parent / "dask")
        self.options = ["--no-dashboard"] + (["--preload", str(preload)] if preload else [])
        self.env = env
        self.scheduler = self.start_scheduler()
        self.workers = []
        for _ in range(workers):
            self.start_worker()

    def _start(self, *args):
        return subprocess.Popen([self.dask, *args, *self.options], env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)

    def start_scheduler(self):
        """Start the scheduler (again) at this cluster's address."""
        self.scheduler = self._start("scheduler", "--host", "127.0.0.1", "--port", self.address.rpartition(":")[2])
        return self.scheduler

    def start_worker(self):
        """Start one more worker."""
        worker = self._start("worker", self.address, "--nthreads", "1", "--host", "127.0.0.1")
        self.workers.append(worker)
        return worker

    def wait_for_workers(self, count, seconds=120):
        """Return once ``count`` workers have joined the scheduler (TimeoutError after ``seconds``)."""
        from distributed import Client

        with Client(self.address, timeout=f"{seconds}s") as client:
            client.wait_for_workers(count, timeout=seconds)

    @staticmethod
    def kill(process):
        """SIGKILL ``process``'s group (a worker with its nanny) and wait for it."""
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()

    def close(self):
        """Kill every process group started here."""
        for process in [self.scheduler, *self.workers]:
            self.kill(process)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
