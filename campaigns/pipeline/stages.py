"""The stage registry, one table: the pipeline's stages in order, each stage's share of a run and its module.

A stage's module has `compute(ctx) -> StageOutput[T]` and `store(ctx, data: T)` (`campaigns.pipeline.context`).
Modules are named here and imported when a run reaches them, so whoever only needs the order or the names (the
dashboard, the bot's texts) does not load the semantic core. The stages' ids and the names users read are the
`Stage` choices in `campaigns.models`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from campaigns.models import Stage


@dataclass(frozen=True)
class StageSpec:
    weight: int  # share of a whole run, for one overall percent (roughly what the stage costs in time)
    path: str  # the module with the stage's `compute` and `store`

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(self.path)


STAGES: dict[Stage, StageSpec] = {
    Stage.COLLECT: StageSpec(20, "campaigns.pipeline.collect"),
    Stage.CLEAN: StageSpec(10, "campaigns.pipeline.clean"),
    Stage.CLUSTER: StageSpec(30, "campaigns.pipeline.cluster"),
    Stage.NEGATIVES: StageSpec(10, "campaigns.pipeline.negatives"),
    Stage.ADS: StageSpec(20, "campaigns.pipeline.ads"),
    Stage.EXPORT: StageSpec(10, "campaigns.pipeline.export"),
    Stage.UPLOAD: StageSpec(100, "campaigns.pipeline.upload"),  # the only stage of an upload run
}

# A build's stages, in order. The upload is a run of its own (`stages_for("upload")`), never part of a build.
STAGE_ORDER: tuple[Stage, ...] = (Stage.COLLECT, Stage.CLEAN, Stage.CLUSTER, Stage.NEGATIVES, Stage.ADS, Stage.EXPORT)


def stages_for(kind: str) -> tuple[Stage, ...]:
    """The stages a run of this kind executes: a re-export only writes the files again, an upload only uploads."""
    if kind == "export":
        return (Stage.EXPORT,)
    if kind == "upload":
        return (Stage.UPLOAD,)
    return STAGE_ORDER


def overall_percent(stages: tuple[Stage, ...], stage: Stage, stage_percent: int) -> int:
    """Percent of the whole run when `stage` (one of `stages`) is `stage_percent` done."""
    weight = {name: STAGES[name].weight for name in stages}
    total = sum(weight.values())
    done = sum(weight[name] for name in stages[: stages.index(stage)])
    return min(100, round(100 * (done + weight[stage] * max(0, min(stage_percent, 100)) / 100) / total))
