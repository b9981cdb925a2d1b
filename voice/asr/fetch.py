"""Fetch a Vosk model archive: resumable, checksummed, never half-installed.

Vosk's own downloader fetches a model with no checksum and starts again from
nothing when the connection breaks. This one keeps the bytes already received
in `<name>.zip.part` beside the cache, asks the server for the rest (an HTTP
range request), checks the whole archive's size and SHA-256, and unpacks it
into a temporary folder that is renamed into place only once it holds a
complete model. A wrong checksum deletes the archive; a full disk or a broken
connection keeps what was received, so the next run resumes.
"""

from __future__ import annotations

import errno
import hashlib
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import IO

import requests
from pydantic import BaseModel, ConfigDict, Field
from tqdm import tqdm

from voice.asr.modeldir import CorruptModelError, ModelNotFoundError, validate_model_dir

CHUNK = 1 << 16


class ModelArchive(BaseModel):
    """A model archive as its publisher lists it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(pattern=r"^[\w.-]+$")
    """The folder inside the archive, and the folder it is installed as."""
    url: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(gt=0)
    """Bytes of the archive."""


SMALL_EN_US = ModelArchive(
    name="vosk-model-small-en-us-0.15",
    url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
    sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
    size=41_205_931,
)
"""The small US-English model (Apache-2.0): the one the skill is built on."""


class FetchError(ModelNotFoundError):
    """The model could not be fetched; the message says why and what to do."""


def fetch_model(archive: ModelArchive, cache_dir: Path, *, progress: bool = True,
                timeout: float = 30.0) -> Path:
    """Download, check and install `archive` into `cache_dir`; return the model folder."""
    target = cache_dir / archive.name
    if target.is_dir():
        try:
            validate_model_dir(target)
            return target
        except CorruptModelError:
            pass  # a folder left by something else: install over it below
    part = cache_dir / f"{archive.name}.zip.part"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _download(archive, part, progress=progress, timeout=timeout)
        _verify(archive, part)
        _install(archive, part, target)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise FetchError(
                f"Not enough disk space in {cache_dir} for the speech model (it needs about "
                f"{_mb(archive.size * 3)} MB free). Free some space and run again: it resumes."
            ) from exc
        raise FetchError(f"Could not write the speech model in {cache_dir}: "
                         f"{exc.strerror or exc}.") from exc
    part.unlink(missing_ok=True)
    return target


def _download(archive: ModelArchive, part: Path, *, progress: bool, timeout: float) -> None:
    have = part.stat().st_size if part.exists() else 0
    if have > archive.size:
        part.unlink()
        have = 0
    if have == archive.size:
        return
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        with requests.get(archive.url, headers=headers, stream=True, timeout=timeout) as reply:
            if reply.status_code == 416:  # the server has nothing past what we hold
                return
            reply.raise_for_status()
            resumed = reply.status_code == 206 and reply.headers.get(
                "Content-Range", "").startswith(f"bytes {have}-")
            if not resumed:
                have = 0  # the server sent the whole archive again
            with open(part, "ab" if resumed else "wb") as out, _bar(archive, have, progress) as bar:
                for chunk in reply.iter_content(CHUNK):
                    out.write(chunk)
                    bar.update(len(chunk))
    except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
        got = part.stat().st_size if part.exists() else 0
        if got:
            raise FetchError(f"The download of the speech model stopped at {_mb(got)} of "
                             f"{_mb(archive.size)} MB (the connection broke); run again to resume.") from exc
        raise FetchError(f"Could not reach {_host(archive.url)} to download the speech model: "
                         "no network connection.") from exc
    except requests.Timeout as exc:
        raise FetchError(f"The download of the speech model from {_host(archive.url)} timed out; "
                         "run again to resume.") from exc
    except requests.RequestException as exc:
        raise FetchError(f"The download of the speech model failed ({exc}).") from exc


def _bar(archive: ModelArchive, start: int, progress: bool) -> tqdm:
    return tqdm(total=archive.size, initial=start, unit="B", unit_scale=True, unit_divisor=1024,
                desc=archive.name, disable=not progress, file=sys.stderr, leave=False)


def _verify(archive: ModelArchive, part: Path) -> None:
    size = part.stat().st_size if part.exists() else 0
    if size < archive.size:
        raise FetchError(f"The download of the speech model stopped at {_mb(size)} of "
                         f"{_mb(archive.size)} MB; run again to resume.")
    digest = hashlib.sha256()
    with open(part, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    if size != archive.size or digest.hexdigest() != archive.sha256:
        part.unlink()
        raise FetchError("The downloaded speech model did not match its published checksum, so it "
                         "was deleted and nothing was installed. Run again to download it afresh.")


def _install(archive: ModelArchive, part: Path, target: Path) -> None:
    staging = Path(tempfile.mkdtemp(prefix=f".{archive.name}-", dir=target.parent))
    try:
        with zipfile.ZipFile(part) as zf:
            _extract(zf, staging)
        unpacked = staging / archive.name
        try:
            validate_model_dir(unpacked)
        except CorruptModelError as exc:
            raise FetchError(f"The archive does not hold a complete model folder "
                             f"'{archive.name}'.") from exc
        if target.exists():
            shutil.rmtree(target)
        unpacked.rename(target)
    except zipfile.BadZipFile as exc:
        part.unlink(missing_ok=True)
        raise FetchError("The downloaded speech model is not a readable zip archive; it was deleted. "
                         "Run again to download it afresh.") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _extract(zf: zipfile.ZipFile, into: Path) -> None:
    root = into.resolve()
    for member in zf.infolist():
        # never write outside the staging folder, whatever a member's name says
        if not (root / member.filename).resolve().is_relative_to(root):
            raise FetchError(f"The archive has an unsafe path ({member.filename!r}); nothing was installed.")
        with zf.open(member) as src:
            if member.is_dir():
                (root / member.filename).mkdir(parents=True, exist_ok=True)
                continue
            dest = root / member.filename
            dest.parent.mkdir(parents=True, exist_ok=True)
            with open(dest, "wb") as out:
                _copy(src, out)


def _copy(src: IO[bytes], out: IO[bytes]) -> None:
    shutil.copyfileobj(src, out, CHUNK)


def _mb(n: int) -> str:
    return f"{n / 1e6:.0f}"


def _host(url: str) -> str:
    return url.split("//", 1)[-1].split("/", 1)[0]
