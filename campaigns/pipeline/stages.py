"""The stage registry: the pipeline's stages in order, the names users see, and each stage's share of a run."""

from campaigns.models import Stage

# A build's stages, in order. The upload is a run of its own (`stages_for("upload")`), never part of a build.
STAGE_ORDER: tuple[Stage, ...] = (Stage.COLLECT, Stage.CLEAN, Stage.CLUSTER, Stage.NEGATIVES, Stage.ADS, Stage.EXPORT)
UPLOAD_STAGES: tuple[Stage, ...] = (Stage.UPLOAD,)

# Share of a whole build each stage takes, for one overall percent (roughly what each stage costs in time).
STAGE_WEIGHTS: dict[Stage, int] = {
    Stage.COLLECT: 20,
    Stage.CLEAN: 10,
    Stage.CLUSTER: 30,
    Stage.NEGATIVES: 10,
    Stage.ADS: 20,
    Stage.EXPORT: 10,
    Stage.UPLOAD: 100,  # the only stage of an upload run: its own percent is the run's
}


def stages_for(kind: str) -> tuple[Stage, ...]:
    """The stages a run of this kind executes: a re-export only writes the files again, an upload only uploads."""
    if kind == "export":
        return (Stage.EXPORT,)
    if kind == "upload":
        return UPLOAD_STAGES
    return STAGE_ORDER


def overall_percent(stages: tuple[Stage, ...], stage: Stage, stage_percent: int) -> int:
    """Percent of the whole run when `stage` (one of `stages`) is `stage_percent` done."""
    total = sum(STAGE_WEIGHTS[name] for name in stages)
    done = sum(STAGE_WEIGHTS[name] for name in stages[: stages.index(stage)])
    return min(100, round(100 * (done + STAGE_WEIGHTS[stage] * max(0, min(stage_percent, 100)) / 100) / total))
