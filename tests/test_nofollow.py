"""`nofollow.Folders`: the folders a run keeps open while it reads many records must refuse
exactly what a fresh `read_bounded` refuses, and must not pile up open descriptors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelihara.records import nofollow

LIMIT = 1024


def _tree(root: Path, months: int) -> list[Path]:
    files = []
    for month in range(1, months + 1):
        folder = root / "cases" / "2026" / f"{month:02d}"
        folder.mkdir(parents=True)
        path = folder / "a.yaml"
        path.write_text(f"id: {month}\n", encoding="utf-8")
        files.append(path)
    return files


def _open_descriptors() -> int:
    return sum(1 for _ in Path("/proc/self/fd").iterdir())


def test_reads_through_kept_folders_equal_fresh_reads_and_stay_bounded(tmp_path: Path) -> None:
    files = _tree(tmp_path, 12) + _tree(tmp_path / "deeper", 1)
    before = _open_descriptors()
    with nofollow.Folders(tmp_path) as folders:
        folders.KEPT = 5  # fewer than the folders read: the set is emptied and refilled
        for path in files * 2:
            kept = folders.read(path.relative_to(tmp_path).as_posix(), LIMIT)
            assert kept == nofollow.read_bounded(path, LIMIT, tmp_path) == path.read_bytes()
            assert _open_descriptors() <= before + folders.KEPT
    assert _open_descriptors() == before


def test_a_symlinked_folder_is_refused_through_kept_folders(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.yaml").write_text("secret: yes\n", encoding="utf-8")
    root = tmp_path / "repo"
    files = _tree(root, 2)
    linked = root / "cases" / "2026" / "03"
    linked.symlink_to(outside, target_is_directory=True)
    with nofollow.Folders(root) as folders:
        assert folders.read(files[0].relative_to(root).as_posix(), LIMIT) == b"id: 1\n"
        for _ in range(2):  # a refusal is not remembered as an open folder
            with pytest.raises(nofollow.Refused) as refused:
                folders.read("cases/2026/03/a.yaml", LIMIT)
            assert refused.value.code == "file.folder_symlink"
            assert refused.value.params == {"folder": "cases/2026/03"}
        assert folders.read(files[1].relative_to(root).as_posix(), LIMIT) == b"id: 2\n"


def test_a_folder_swapped_for_a_link_mid_run_is_never_followed(tmp_path: Path) -> None:
    """The kept descriptor is the real folder that was opened: swapping the path for a link
    to somewhere else afterwards cannot make the run read the link's target."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.yaml").write_text("secret: yes\n", encoding="utf-8")
    root = tmp_path / "repo"
    (path,) = _tree(root, 1)
    with nofollow.Folders(root) as folders:
        assert folders.read(path.relative_to(root).as_posix(), LIMIT) == b"id: 1\n"
        path.parent.rename(root / "cases" / "2026" / "moved")
        path.parent.symlink_to(outside, target_is_directory=True)
        assert folders.read(path.relative_to(root).as_posix(), LIMIT) == b"id: 1\n"
    with pytest.raises(nofollow.Refused) as refused:  # a new run sees the link for what it is
        nofollow.read_bounded(path, LIMIT, root)
    assert refused.value.code == "file.folder_symlink"


def test_a_name_that_is_not_plain_is_read_the_careful_way(tmp_path: Path) -> None:
    (path,) = _tree(tmp_path, 1)
    with nofollow.Folders(tmp_path) as folders:
        assert folders.read("cases/../cases/2026/01/a.yaml", LIMIT) == path.read_bytes()
        with pytest.raises(nofollow.Refused) as refused:
            folders.read("cases/2026/", LIMIT)  # the folder itself: named, never read
        assert refused.value.code == "file.folder"


def test_listing_keeps_path_order(tmp_path: Path) -> None:
    """Sorted as paths are (part by part), not as text: `a/b` before `a-b`."""
    for folder in ("a", "a-b", "a.b"):
        (tmp_path / "cases" / folder).mkdir(parents=True)
        (tmp_path / "cases" / folder / "x.yaml").write_text("x: 1\n", encoding="utf-8")
    found = nofollow.list_entries(tmp_path, "cases/*/x.yaml")
    assert found == sorted(found)
    assert [p.parent.name for p in found] == ["a", "a-b", "a.b"]
