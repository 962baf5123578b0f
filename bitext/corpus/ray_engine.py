"""The Ray engine: a Ray Data pipeline over an actor pool that loads the model once per actor.

read (the driver reads each unit's bytes: a document, or a shard of rows)
-> a dataset of one unit per block -> ``map_batches`` over an
:class:`ActorPoolStrategy` pool of :class:`Translator` actors, one unit per
call: parse and segment (:mod:`bitext.formats`), translate and render with
the per-file driver (each actor: ``threads`` CPU threads or ``gpus`` GPUs,
the model loaded once, the translation cache opened once) -> the driver
receives each unit's output bytes as it finishes and writes them atomically,
with a manifest line.

Fault tolerance: Ray restarts a killed actor (``max_restarts=-1``) and
reruns the unit it was translating, up to ``TASK_RETRIES`` times
(``max_task_retries``); a retried unit gives the same bytes, and the driver
writes each key once. A unit whose worker dies every time (a document that
runs the node out of memory) is reported as failed
(``max_errored_blocks=-1`` lets the others go on).

Inputs and outputs only need to exist where the driver runs: units travel
through the object store, in waves of at most ``WAVE_BYTES`` of input (and ``WAVE_UNITS`` units)
(documents are read wave by wave; a jsonl/parquet corpus is read whole by
the driver and cut into shards).
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import replace
from typing import Callable, Iterable

from ..errors import BitextError
from .inputs import WorkItem
from ..job import TranslateJob
from .work import failed_row, result_row, translate_item

RAY_INSTALL = "pip install 'bitext[ray]'"
WAVE_BYTES = 256 * 2**20
WAVE_UNITS = 5000


class RayUnavailableError(BitextError):
    """--engine ray without Ray installed, or a cluster that cannot be reached."""


def import_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise RayUnavailableError(f"--engine ray needs Ray, which is not installed: {RAY_INSTALL}") from None
    return ray


class Translator:
    """A Ray Data actor: loads the engine once, translates one unit per call.

    ``make_translator`` bakes the job into a subclass, so that the actor
    has no constructor arguments in the object store (they could be lost
    before a restart). The SQLite cache is opened in the thread that calls
    (Ray Data calls from another thread than the constructor's).
    """

    job: TranslateJob = TranslateJob()

    def __init__(self) -> None:
        import threading

        self._local = threading.local()
        self.fatal = ""
        self.engine = None
        try:
            self.engine = self.job.engine.load()
        except BitextError as exc:  # e.g. the model is missing on this node: the driver stops the job
            self.fatal = f"{type(exc).__name__}: {' '.join(str(exc).split())}"

    def _cache(self):
        if not hasattr(self._local, "cache"):
            self._local.cache = self.job.open_cache()
        return self._local.cache

    def __call__(self, batch):
        import pyarrow as pa

        rows = batch.to_pylist()
        out = []
        for r in rows:
            if self.fatal:
                res = failed_row(self.fatal)
                res["status"] = "fatal"
            else:
                res = translate_item(r["data"], r["name"], r["fmt"], r["output"], self.job, self.engine, self._cache())
            res["key"] = r["key"]
            out.append(res)
        return pa.Table.from_pylist(out, schema=_result_schema())


@functools.lru_cache(maxsize=1)
def _result_schema():
    """Arrow schema of a result row: the unit's key plus the fields of :func:`~bitext.corpus.work.result_row`."""
    import pyarrow as pa

    types = {str: pa.string(), bytes: pa.large_binary(), int: pa.int64(), float: pa.float64()}
    return pa.schema([("key", pa.string())] + [(k, types[type(v)]) for k, v in result_row().items()])


def make_translator(job: TranslateJob) -> type:
    return type("Translator", (Translator,), {"job": job})


TASK_RETRIES = 3


def _retry_args() -> dict:
    return {"max_restarts": -1, "max_task_retries": TASK_RETRIES}


def _map_batches(ds, fn, **kwargs):
    """``ds.map_batches`` with a bounded number of retries of a unit whose actor died.

    Ray Data's default for actor pools is to retry forever, so a document that
    kills its worker every time (out of memory) would stall the job. Ray 2.60
    takes the retry count only through ``ray_remote_args_fn`` (deprecated, to
    go in 2.64, with no named replacement yet); without it, Ray's default applies.
    """
    import inspect
    import warnings

    if "ray_remote_args_fn" in inspect.signature(ds.map_batches).parameters:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.filterwarnings("ignore", message=".*ray_remote_args_fn.*")
            return ds.map_batches(fn, ray_remote_args_fn=_retry_args, **kwargs)
    return ds.map_batches(fn, **kwargs)


def _waves(items: list[WorkItem], wave_bytes: int, wave_units: int) -> Iterable[list[WorkItem]]:
    wave: list[WorkItem] = []
    size = 0
    for item in items:
        n = len(item.data) if item.data is not None else item.size
        if wave and (size + n > wave_bytes or len(wave) >= wave_units):
            yield wave
            wave, size = [], 0
        wave.append(item)
        size += n
    if wave:
        yield wave


def _quiet_init(ray, address: str | None) -> None:
    """``ray.init`` without the core worker's log lines on stderr (unless RAY_BACKEND_LOG_LEVEL is set)."""
    import sys

    quiet = "RAY_BACKEND_LOG_LEVEL" not in os.environ
    if quiet:
        os.environ["RAY_BACKEND_LOG_LEVEL"] = "fatal"  # read at init; it announces itself on fd 2
    saved = None
    try:
        if quiet:
            sys.stderr.flush()
            saved = os.dup(2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.close(devnull)
        ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    finally:
        if saved is not None:
            os.dup2(saved, 2)
            os.close(saved)


def plan_resources(ray, workers: int | None, threads: int | None, gpus: float) -> tuple[int, int, float]:
    """(actors, CPU threads per actor, GPUs per actor) from the options and the cluster's resources."""
    res = ray.cluster_resources()
    cpus = int(res.get("CPU", 1))
    if gpus:
        threads = threads or 1
        workers = workers or max(1, int(res.get("GPU", 0) // gpus))
    else:
        if threads is None:
            threads = max(1, cpus // workers) if workers else 1
        workers = workers or max(1, cpus // threads)
    return workers, threads, gpus


def run_ray(items: Iterable[WorkItem], job: TranslateJob, on_result: Callable[[WorkItem, dict], None],
            address: str | None = None, workers: int | None = None, gpus_per_worker: float = 0.0,
            info: Callable[[str], None] | None = None) -> None:
    """Translate ``items`` on Ray; ``on_result(item, row)`` on the driver as each unit finishes."""
    items = list(items)
    if not items:
        return
    if job.engine.device.startswith("cuda") and not gpus_per_worker:
        from ..errors import FormatError

        raise FormatError("--engine ray: Ray gives an actor a GPU only when asked; use --gpus-per-worker 1 (or 0.5, ...) instead of --device cuda")
    ray = import_ray()
    from ray.data import ActorPoolStrategy, DataContext

    started = False
    if not ray.is_initialized():
        try:
            _quiet_init(ray, address)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RayUnavailableError(f"--address {address or 'local'}: cannot start or reach Ray ({' '.join(str(exc).split())[:300]})") from None
        started = True
    ctx = DataContext.get_current()
    changed = {"enable_progress_bars": False,  # bitext shows its own progress
               "enable_operator_progress_bars": False,
               "enable_auto_log_stats": False,
               "max_errored_blocks": -1}  # a unit whose worker keeps dying is reported; the rest go on
    saved = {k: getattr(ctx, k) for k in changed}
    for k, v in changed.items():
        setattr(ctx, k, v)
    data_logger = logging.getLogger("ray.data")
    saved_level = data_logger.level
    data_logger.setLevel(logging.CRITICAL)  # a unit Ray gives up on is reported by bitext, without Ray's traceback
    try:
        n_actors, threads, gpus = plan_resources(ray, workers, job.engine.threads, gpus_per_worker)
        actor_job = replace(job, engine=replace(job.engine, threads=threads, device="cuda" if gpus else job.engine.device))
        if info:
            gpu = f", {gpus:g} GPU" if gpus else ""
            info(f"ray: {n_actors} actor(s), {threads} CPU thread(s){gpu} each; cluster {ray.cluster_resources().get('CPU', 0):g} CPUs, {ray.cluster_resources().get('GPU', 0):g} GPUs")
        import pyarrow as pa

        for wave in _waves(items, WAVE_BYTES, WAVE_UNITS):
            by_key: dict[str, WorkItem] = {}
            tables = []
            for it in wave:
                try:
                    data = it.load()
                except BitextError as exc:
                    on_result(it, failed_row(exc))
                    continue
                by_key[it.key] = it
                tables.append(pa.table({"key": [it.key], "data": pa.array([data], pa.large_binary()), "name": [it.path],
                                        "fmt": [it.fmt], "output": [it.output]}))
            if not tables:
                continue
            ds = ray.data.from_arrow(tables)
            ds = _map_batches(ds, make_translator(actor_job), batch_size=1, batch_format="pyarrow",
                              compute=ActorPoolStrategy(size=min(n_actors, len(tables))), num_cpus=threads,
                              num_gpus=gpus or None)
            for row in ds.iter_rows():
                item = by_key.pop(row["key"], None)
                if item is None:  # a retried unit delivered twice: written once
                    continue
                if row["status"] == "fatal":
                    from ..errors import ModelUnavailableError

                    raise ModelUnavailableError(row["error"].split(": ", 1)[-1])
                item.data = None
                on_result(item, row)
            for item in by_key.values():  # blocks Ray gave up on after the retries
                item.data = None
                on_result(item, failed_row(f"{item.path}: its Ray worker died {TASK_RETRIES + 1} times translating it (out of memory?)"))
    finally:
        for k, v in saved.items():
            setattr(ctx, k, v)
        data_logger.setLevel(saved_level)
        if started:
            ray.shutdown()
