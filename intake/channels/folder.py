"""Watched folders: a scanner saves files into a folder, ExactBridge takes them in.

A file is taken once it is stable — the same size and modification time as at the previous poll,
or older than ``INTAKE_FOLDER_SETTLE_SECONDS`` — so a file still being written is not read
half-way. A file taken in moves to the ``processed/`` subfolder; one refused (too large, or
failing) to ``failed/`` with a ``.reason.txt`` beside it. A file is never deleted, and one that
cannot even be read stays where it is for the next poll.

Hidden and temporary files (``.name``, ``~name``, ``*.tmp``, ``*.part``) and subfolders are left
alone. Every folder lies below ``INTAKE_FOLDERS_ROOT``, so an administrator of one
administration cannot point ExactBridge at the server's other files.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.channel_models import WatchedFolder
from intake.channels.mime import safe_filename
from intake.models import Document
from intake.services import DocumentTooLarge, receive_document, too_large

logger = logging.getLogger(__name__)

PROCESSED = "processed"
FAILED = "failed"
_TEMPORARY_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".reason.txt")


class FolderError(Exception):
    """The folder cannot be watched; the message says why."""


@dataclass
class PollResult:
    taken_in: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    error: str = ""


def enabled_folder_ids() -> list[int]:
    return list(
        WatchedFolder.objects.filter(enabled=True).order_by("pk").values_list("pk", flat=True)
    )


def resolve_folder(path: str) -> Path:
    """The absolute folder for ``path``; ``FolderError`` if it lies outside the root."""
    root = Path(settings.INTAKE_FOLDERS_ROOT).resolve()
    target = (root / path).resolve()
    if target != root and root not in target.parents:
        raise FolderError(
            _("%(path)s lies outside the folders root %(root)s.") % {"path": path, "root": root}
        )
    return target


def poll_watched_folder(*, folder_id: int) -> PollResult | None:
    """Take in the folder's stable files. None when disabled or already being polled."""
    folder = (
        WatchedFolder.objects.select_related("administration")
        .filter(pk=folder_id, enabled=True)
        .first()
    )
    if folder is None or not _claim(folder):
        return None
    result = PollResult()
    seen: dict[str, list[int]] = {}
    try:
        seen = _poll(folder, result)
    except FolderError as exc:
        result.error = str(exc)
    except OSError as exc:
        result.error = _("The folder cannot be read: %(error)s") % {"error": exc}
    except Exception as exc:
        logger.exception("Polling watched folder %s failed", folder_id)
        result.error = _("Polling failed unexpectedly: %(error)s") % {
            "error": f"{exc.__class__.__name__}: {exc}"
        }
    finally:
        problems = [result.error, *result.failed] if result.error else result.failed
        WatchedFolder.objects.filter(pk=folder.pk).update(
            seen=seen,
            last_polled_at=timezone.now(),
            last_error="\n".join(problems)[:4000],
            busy_until=None,
        )
    return result


def _claim(folder: WatchedFolder) -> bool:
    now = timezone.now()
    until = now + timedelta(seconds=settings.Q_CLUSTER["timeout"] + 60)
    claimed = (
        WatchedFolder.objects.filter(pk=folder.pk)
        .filter(Q(busy_until__isnull=True) | Q(busy_until__lt=now))
        .update(busy_until=until)
    )
    return claimed == 1


def _poll(folder: WatchedFolder, result: PollResult) -> dict[str, list[int]]:
    """Take what is stable; return what is still settling, for the next poll to compare."""
    directory = resolve_folder(folder.path)
    if not directory.is_dir():
        raise FolderError(_("The folder %(path)s does not exist.") % {"path": directory})
    settle = settings.INTAKE_FOLDER_SETTLE_SECONDS
    now = time.time()
    settling: dict[str, list[int]] = {}
    with os.scandir(directory) as entries:
        candidates = sorted(
            (entry for entry in entries if _is_candidate(entry)), key=lambda e: e.name
        )
    for entry in candidates:
        stat = entry.stat(follow_symlinks=False)
        signature = [stat.st_size, stat.st_mtime_ns]
        if folder.seen.get(entry.name) != signature and now - stat.st_mtime < settle:
            settling[entry.name] = signature
            result.waiting.append(entry.name)
            continue
        _take(folder, Path(entry.path), stat.st_size, result)
    return settling


def _is_candidate(entry: os.DirEntry) -> bool:
    name = entry.name
    if name.startswith((".", "~")) or name.lower().endswith(_TEMPORARY_SUFFIXES):
        return False
    return entry.is_file(follow_symlinks=False)


def _take(folder: WatchedFolder, path: Path, size: int, result: PollResult) -> None:
    refusal = too_large(path.name, size)
    if refusal:
        _set_aside(path, FAILED, refusal, result)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:  # locked or unreadable now: left in place for the next poll
        result.failed.append(f"{path.name}: {exc}")
        return
    try:
        receive_document(
            administration=folder.administration,
            data=data,
            filename=safe_filename(path.name),
            channel=Document.Channel.FOLDER,
            origin={"folder": folder.path, "filename": path.name},
        )
    except DocumentTooLarge as exc:
        _set_aside(path, FAILED, str(exc), result)
    except Exception as exc:
        logger.exception("Taking in %s failed", path)
        _set_aside(path, FAILED, f"{exc.__class__.__name__}: {exc}", result)
    else:
        _set_aside(path, PROCESSED, "", result)


def _set_aside(path: Path, subfolder: str, reason: str, result: PollResult) -> None:
    """Move ``path`` into ``subfolder`` beside it, under a name not yet taken there."""
    target_dir = path.parent / subfolder
    target_dir.mkdir(exist_ok=True)
    target = target_dir / path.name
    counter = 1
    while target.exists() or target.with_name(target.name + ".reason.txt").exists():
        counter += 1
        target = target_dir / f"{path.stem} ({counter}){path.suffix}"
    path.rename(target)
    if reason:
        target.with_name(target.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
        result.failed.append(f"{path.name}: {reason}")
    else:
        result.taken_in.append(path.name)
