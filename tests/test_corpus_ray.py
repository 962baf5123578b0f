"""Corpus translation on a local Ray (2 CPUs): same bytes as the local engine, failures, restarts, resuming."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Each test starts Ray actors that load the model: a minute or more on 2 cores. `-m slow` (and .ci/run) runs them.
pytestmark = pytest.mark.slow

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

from bitext.corpus import MANIFEST, translate_corpus  # noqa: E402

from test_corpus import FAST, make_docs, outputs  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    """One local Ray for the module (start-up costs seconds); the engine uses it instead of starting its own."""
    import logging

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    yield
    ray.shutdown()


def test_ray_matches_local_engine_survives_a_killed_worker_and_reports_bad_file(tmp_path: Path, tiny_model_dir: Path, monkeypatch) -> None:
    docs = make_docs(tmp_path, n=3)
    local = translate_corpus([str(docs)], tmp_path / "local", model=str(tiny_model_dir), **FAST)
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "ray-cache"))  # a cold cache: the actors translate
    marker = tmp_path / "crashed"
    states = []
    import ray.cloudpickle

    import ray_doubles
    from bitext.job import TranslateJob

    ray.cloudpickle.register_pickle_by_value(ray_doubles)  # the actors cannot import tests/
    base = TranslateJob.from_options(model=str(tiny_model_dir), **FAST)
    job = base.with_(engine=ray_doubles.CrashOnceEngine(**{**vars(base.engine), "marker": str(marker)}))
    result = translate_corpus([str(docs)], tmp_path / "ray", job, engine="ray", workers=2, progress=states.append)
    assert marker.exists()  # one worker died at the start of a unit; Ray restarted it and retried the unit
    assert outputs(tmp_path / "ray") == outputs(tmp_path / "local")  # byte-identical, nothing lost
    assert len(outputs(tmp_path / "ray")) == 3
    (bad,) = result.failed
    assert bad.input.endswith("bad.txt") and "\n" not in bad.error
    assert [d.status for d in result.documents].count("ok") == 3
    assert result.translated == local.translated and result.cache_hits == 0  # the actors did the work, once
    keys = [json.loads(l)["key"] for l in (tmp_path / "ray" / MANIFEST).read_text(encoding="utf-8").splitlines()]
    assert len(keys) == len(set(keys)) == 3  # each document written once
    assert states[-1].units_done == 4 and states[-1].failed == 1 and states[-1].sentences_done == result.sentences


def test_rerun_after_interruption_translates_nothing_twice(tmp_path: Path, tiny_model_dir: Path) -> None:
    docs = make_docs(tmp_path, n=4, bad=False)
    out = tmp_path / "out"
    total = translate_corpus([str(docs)], tmp_path / "fresh", model=str(tiny_model_dir), use_cache=False, **FAST).translated

    def stop_after_one(state) -> None:
        if state.units_done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        translate_corpus([str(docs)], out, engine="ray", workers=2, model=str(tiny_model_dir), progress=stop_after_one, **FAST)
    first = [json.loads(l) for l in (out / MANIFEST).read_text(encoding="utf-8").splitlines()]
    assert len(first) == 1
    second = translate_corpus([str(docs)], out, engine="ray", workers=2, model=str(tiny_model_dir), **FAST)
    assert [d.status for d in second.documents].count("skipped") == 1
    assert [d.status for d in second.documents].count("ok") == 3
    # the interrupted run's other units were cached as they were translated: no model input twice
    assert first[0]["translated"] + second.translated <= total
    assert first[0]["translated"] + second.translated + second.cache_hits == total
    assert outputs(out) == outputs(tmp_path / "fresh")
    third = translate_corpus([str(docs)], out, engine="ray", workers=2, model=str(tiny_model_dir), **FAST)
    assert [d.status for d in third.documents] == ["skipped"] * 4 and third.translated == 0


def test_ray_checks_like_the_local_engine(tmp_path: Path, tiny_model_dir: Path) -> None:
    """--check in the Ray actors: the same jsonl records, findings included, as the local engine."""
    docs = make_docs(tmp_path, n=2, bad=False)
    opts = dict(model=str(tiny_model_dir), check=True, output_format="jsonl", **FAST)
    local = translate_corpus([str(docs)], tmp_path / "local", **opts)
    ray_run = translate_corpus([str(docs)], tmp_path / "ray", engine="ray", workers=1, **opts)
    assert outputs(tmp_path / "ray") == outputs(tmp_path / "local")
    assert ray_run.findings == local.findings > 0  # the tiny model loses names and numbers
    for text in outputs(tmp_path / "ray").values():
        assert all("findings" in json.loads(line) for line in text.decode("utf-8").split("\n") if line)
