"""Known models (``models/registry.toml``) and resolving a ``--model`` value."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class ModelInfo:
    name: str
    hub: str
    max_input_tokens: int
    params: str = ""
    license: str = ""
    note: str = ""


def _load() -> tuple[str, dict[str, ModelInfo]]:
    raw = tomllib.loads(resources.files("bitext.registry_data").joinpath("registry.toml").read_text(encoding="utf-8"))
    models = {name: ModelInfo(name=name, **fields) for name, fields in raw["models"].items()}
    return raw["default"], models


DEFAULT_MODEL_NAME, KNOWN_MODELS = _load()
DEFAULT_MODEL = KNOWN_MODELS[DEFAULT_MODEL_NAME].hub


def resolve(model: str | None) -> tuple[str, ModelInfo | None]:
    """Map a ``--model`` value to what ``from_pretrained`` takes.

    No value: ``$BITEXT_MODEL``, else the config file's ``model``, else the
    registry's default (see :mod:`bitext.config`). A short registry name becomes its hub id; an existing directory or any
    other hub id is returned unchanged. The registry entry, when one matches,
    comes back too.
    """
    if not model:
        from .config import default_model

        model = default_model() or DEFAULT_MODEL
    if Path(model).expanduser().is_dir():
        return str(Path(model).expanduser()), None
    if model in KNOWN_MODELS and KNOWN_MODELS[model].hub:
        info = KNOWN_MODELS[model]
        return info.hub, info
    for info in KNOWN_MODELS.values():
        if info.hub and info.hub == model:
            return model, info
    return model, None
