"""Where the embedded store's file lives, what identifies one version of it, and the
summary of counts written beside it. Nothing here imports networkx or the graph code:
``accgraph stats`` reads its answer through this module alone."""

from __future__ import annotations

import json
import os
from pathlib import Path

from graph_model.store.base import Stats, StoreUnavailable

# What identifies one version of the file: a rewrite is a new inode, new mtime and size.
Signature = tuple[int, int, int]


def default_home() -> Path:
    """Where the embedded store keeps its file: ``$ACCGRAPH_HOME``, else the user's data dir."""
    if home := os.environ.get("ACCGRAPH_HOME"):
        return Path(home)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "accgraph"


def summary_path(path: Path) -> Path:
    return path.with_name(path.name + ".stats")


def file_signature(path: Path) -> Signature | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:  # e.g. ACCGRAPH_HOME under a regular file: nothing can be there
        if isinstance(exc, NotADirectoryError):
            return None
        raise StoreUnavailable(f"cannot read the embedded store {path}: {exc.strerror}") from exc
    return (st.st_ino, st.st_mtime_ns, st.st_size)


# -- the summary beside the file: ``accgraph stats`` without reading the graph ---------------
def write_summary(path: Path, stats: Stats) -> None:
    """Counts of the file just written, with its signature: ``stored_stats`` trusts them only
    while the file is that very version. Best effort: without it, stats reads the file."""
    signature = file_signature(path)
    target = summary_path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    data = {"signature": list(signature or ()), **stats.as_dict()}
    try:
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)


def stored_stats(path: Path) -> Stats | None:
    """The counts of the store file at ``path`` from its summary, or None when there is no
    summary for this version of the file (written by another version, restored, moved...).
    No file at all is an empty store, as ``MemoryStore`` opens it."""
    try:
        signature = file_signature(path)
        if signature is None:
            return Stats()
        data = json.loads(summary_path(path).read_text(encoding="utf-8"))
        if data.get("signature") != list(signature):
            return None
        nodes, rels = data["nodes"], data["relationships"]
        if not all(
            isinstance(counts, dict)
            and all(isinstance(k, str) and type(v) is int for k, v in counts.items())
            for counts in (nodes, rels)
        ):
            return None
        return Stats(dict(nodes), dict(rels))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, StoreUnavailable):
        return None
