"""A Dask preload for tests: kill one worker's process group (its nanny with it, so nothing restarts
it) at a chosen moment of a grading batch, once per cluster.

    dask scheduler --preload tests/worker_killer.py      (WORKER_KILLER_AT, WORKER_KILLER_LOG set)
    dask worker ADDRESS --preload tests/worker_killer.py

``WORKER_KILLER_AT`` names the moment:

- ``broadcast``: a worker receiving the assignment's bundle from another kills itself while the copy
  is in flight (the bundle's key starts with ``bundle-``, any case: the client's scatter names it
  ``Bundle-<token>``, a task ``bundle-<assignment>-...``);
- ``mid-task``: the scheduler kills the worker grading a submission (a ``grade-`` key) 2 s after the
  task went to it;
- ``between-tasks``: the scheduler kills the worker that has just finished grading a submission,
  before the client has fetched the result it holds.

The kill is written to ``WORKER_KILLER_LOG`` (one line), created exclusively: the first process to
claim it is the only one that kills.
"""
import asyncio
import os
import signal

from distributed.diagnostics.plugin import SchedulerPlugin, WorkerPlugin

MOMENTS = ("broadcast", "mid-task", "between-tasks")
MID_TASK_DELAY = 2.0


def claim(line):
    """True for the first caller on this cluster (it writes ``line`` to the log), False after."""
    try:
        descriptor = os.open(os.environ["WORKER_KILLER_LOG"], os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w") as log:
        log.write(line + "\n")
    return True


def kill_group(pid):
    """SIGKILL the process group of ``pid`` (a worker and its nanny): from the scheduler, another
    group than its own; from a worker, its own."""
    os.killpg(os.getpgid(pid), signal.SIGKILL)


def is_bundle(key):
    return str(key).lower().startswith("bundle-")


class KillWhileFetchingBundle(WorkerPlugin):
    """On a worker: die while the bundle is copied to it, whether the worker fetches it for a task
    (its ``flight`` state) or the scheduler has it fetch a replica (its ``gather`` handler, which
    ``scatter(broadcast=True)`` uses)."""

    def setup(self, worker):
        fetch_replica = worker.handlers["gather"]

        async def gather(who_has, **kwargs):
            self._die_for(next((key for key in who_has if is_bundle(key)), None))
            return await fetch_replica(who_has=who_has, **kwargs)

        worker.handlers["gather"] = gather

    def transition(self, key, start, finish, **kwargs):
        if finish == "flight":
            self._die_for(key)

    @staticmethod
    def _die_for(key):
        if key is not None and is_bundle(key) and claim(f"broadcast: {key}"):
            kill_group(os.getpid())  # this worker, its nanny with it


class KillGradingWorker(SchedulerPlugin):
    """On the scheduler: kill the worker grading a submission (``mid-task``) or holding a result the
    client has not fetched yet (``between-tasks``)."""

    def __init__(self, scheduler, moment):
        self.scheduler = scheduler
        self.moment = moment

    def _kill(self, worker):
        """Kill ``worker``'s process group, if it is not the scheduler's own."""
        if os.getpgid(worker.pid) != os.getpgid(0):
            kill_group(worker.pid)

    def transition(self, key, start, finish, *args, **kwargs):
        if not str(key).startswith("grade-"):
            return
        task = self.scheduler.tasks.get(key)
        if self.moment == "mid-task" and finish == "processing" and task is not None:
            asyncio.get_running_loop().call_later(MID_TASK_DELAY, self._kill_if_grading, key, task.processing_on)
        elif self.moment == "between-tasks" and finish == "memory" and task is not None and task.who_has:
            worker = next(iter(task.who_has))
            if claim(f"between-tasks: {key} finished on {worker.address}"):
                self._kill(worker)

    def _kill_if_grading(self, key, worker):
        task = self.scheduler.tasks.get(key)
        if task is not None and task.processing_on is worker and claim(f"mid-task: {key} on {worker.address}"):
            self._kill(worker)


async def dask_setup(server):
    """Install the killer of ``WORKER_KILLER_AT`` on a scheduler or a worker."""
    moment = os.environ["WORKER_KILLER_AT"]
    assert moment in MOMENTS, moment
    from distributed import Scheduler

    if isinstance(server, Scheduler):
        if moment != "broadcast":
            server.add_plugin(KillGradingWorker(server, moment))
    elif moment == "broadcast":
        await server.plugin_add(KillWhileFetchingBundle(), name="worker-killer")
