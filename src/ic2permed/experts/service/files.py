"""The file commands of the command-line contract (`delphi analyse`, `wg propose`): no database needed."""

from __future__ import annotations

from pathlib import Path

from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.experts import assignment, csvfiles, delphi


class FileInputError(ValidationFailed):
    """Bad input in a named file: the CLI prints one line naming the file, row and column, and exits 2."""


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FileInputError(f"{path}: is a directory") from None
    except UnicodeDecodeError as exc:
        raise FileInputError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def _in_file(path: Path, exc: ValidationFailed) -> FileInputError:
    return FileInputError(str(path), exc.errors)


def analyse_votes(votes_path: Path, scale: str, rule: str | None, previous_path: Path | None = None) -> delphi.Analysis:
    """Figures and decisions of one round's votes file (and stability against the previous round's)."""
    try:
        delphi.check_scale_rule(scale, rule)
    except ValidationFailed as exc:
        raise FileInputError("options", exc.errors) from None
    loaded = []
    for path in [votes_path] + ([previous_path] if previous_path is not None else []):
        text = _text(path)
        try:
            loaded.append(csvfiles.read_votes(text, scale))
        except ValidationFailed as exc:
            raise _in_file(path, exc) from None
    try:
        return delphi.analyse(loaded[0], scale, rule, loaded[1] if len(loaded) > 1 else None)
    except ValidationFailed as exc:
        raise _in_file(votes_path, exc) from None


def propose_groups(
    experts_path: Path, groups_path: Path, min_region_share: str = "0.4", min_sectors: int = 2
) -> assignment.Proposal:
    """The optimal balanced membership for the experts and groups files, or why none exists."""
    try:
        share = csvfiles.parse_share(min_region_share)
    except ValidationFailed as exc:
        raise FileInputError("options", exc.errors) from None
    if min_sectors < 0:
        raise FileInputError("options", [FieldError("--min-sectors", f"{min_sectors} is below 0")])
    try:
        experts = csvfiles.read_experts(_text(experts_path))
    except FileInputError:
        raise
    except ValidationFailed as exc:
        raise _in_file(experts_path, exc) from None
    try:
        groups = csvfiles.read_groups(_text(groups_path), experts)
    except FileInputError:
        raise
    except ValidationFailed as exc:
        raise _in_file(groups_path, exc) from None
    return assignment.propose(experts, groups, assignment.Rules(min_region_share=share, min_sectors=min_sectors))
