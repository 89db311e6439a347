"""History parsing (pure, on literal bytes) and per-event records from a real git log."""

from __future__ import annotations

from datetime import UTC, datetime

from pelihara.core import history
from pelihara.core.model import Case
from pelihara.core.timeparse import WIB

H = history.SEP_COMMIT.encode()
F = history.SEP_FIELD.encode()
CASE = b"cases/2026/11/PML-20261103-4QX.yaml"
DIFF_GIT = b"\ndiff --git a/" + CASE + b" b/" + CASE + b"\n"


def header(sha: str, parents: str, stamp: int, subject: str, author: str = "Andi") -> bytes:
    return H + F.join([sha.encode(), parents.encode(), author.encode(), b"a@x",
                       str(stamp).encode(), subject.encode()]) + F + b"\n"


NEW_FILE = (DIFF_GIT +
            b"new file mode 100644\nindex 0000000..1111111\n--- /dev/null\n"
            b"+++ b/cases/2026/11/PML-20261103-4QX.yaml\n@@ -0,0 +1,6 @@\n"
            b"+id: PML-20261103-4QX\n+events:\n+  - event: submitted\n"
            b"+    at: \"2026-11-03T08:05:00+07:00\"\n+  - event: received\n+    by: dewi\n")
APPEND = (DIFF_GIT +
          b"index 1111111..2222222 100644\n--- a/cases/2026/11/PML-20261103-4QX.yaml\n"
          b"+++ b/cases/2026/11/PML-20261103-4QX.yaml\n@@ -6,0 +7,3 @@ events:\n"
          b"+  - event: assigned\n+    by: hendra\n+    officers: [andi]\n")
EDIT = (DIFF_GIT +
        b"index 2222222..3333333 100644\n--- a/cases/2026/11/PML-20261103-4QX.yaml\n"
        b"+++ b/cases/2026/11/PML-20261103-4QX.yaml\n@@ -5 +5 @@ events:\n"
        b"-  - event: received\n+  - event: received   # fixed\n")
DELETE = (DIFF_GIT +
          b"deleted file mode 100644\nindex 3333333..0000000\n"
          b"--- a/cases/2026/11/PML-20261103-4QX.yaml\n+++ /dev/null\n@@ -1,9 +0,0 @@\n"
          b"-id: PML-20261103-4QX\n-events:\n-  - event: submitted\n")

PATH = "cases/2026/11/PML-20261103-4QX.yaml"


def test_parse_log_attributes_each_event_to_the_commit_that_first_brought_it() -> None:
    raw = (header("c3", "c2", 300, "edit") + EDIT + header("c2", "c1", 200, "append") + APPEND
           + header("c1", "", 100, "open") + NEW_FILE)
    parsed = history.parse_log(raw)
    item = parsed.files[PATH]
    assert parsed.head == "c3"
    assert parsed.commits == 3
    assert [c and c.sha for c in item.events] == ["c1", "c1", "c2"]
    assert [c.sha for c in item.rewrites] == ["c3"]  # an item line removed and re-added
    assert item.created is not None and item.created.sha == "c1"
    assert item.case_id == "PML-20261103-4QX"
    assert parsed.for_case("PML-20261103-4QX") is item and parsed.for_case("PML-X") is None
    third = item.events[2]
    assert third is not None and third.time == datetime(1970, 1, 1, 0, 3, 20, tzinfo=UTC)


def test_a_deleted_file_is_marked_and_a_recreated_one_starts_over() -> None:
    raw = (header("c3", "c2", 300, "again") + NEW_FILE + header("c2", "c1", 200, "delete")
           + DELETE + header("c1", "", 100, "open") + NEW_FILE)
    item = history.parse_log(raw).files[PATH]
    assert item.deleted is None
    assert [c and c.sha for c in item.events] == ["c3", "c3"]


def test_deletion_alone_is_recorded() -> None:
    raw = header("c2", "c1", 200, "delete") + DELETE + header("c1", "", 100, "open") + NEW_FILE
    item = history.parse_log(raw).files[PATH]
    assert item.deleted is not None and item.deleted.sha == "c2"


def test_nested_lists_and_text_do_not_count_as_events() -> None:
    body = (b"\ndiff --git a/x b/x\nnew file mode 100644\n--- /dev/null\n+++ b/cases/a.yaml\n"
            b"@@ -0,0 +1,5 @@\n+events:\n+  - event: submitted\n+    officers:\n"
            b"+      - andi\n+    note: \"- not: an item\"\n")
    item = history.parse_log(header("c1", "", 1, "x") + body).files["cases/a.yaml"]
    assert len(item.events) == 1


def test_empty_log_is_an_empty_history() -> None:
    parsed = history.parse_log(b"")
    assert parsed.files == {} and parsed.head is None


def test_event_records_compute_lag_with_the_given_clock_and_flag_late_ones() -> None:
    data = {"id": "PML-20261103-4QX", "title": "Judul kasus", "application": "persuratan",
            "unit": "biro-umum", "origin": "memo", "standard_version": "2026.1", "events": [
                {"event": "submitted", "at": "2026-11-03T08:00:00+07:00"},
                {"event": "received", "at": "2026-11-03T09:00:00+07:00", "by": "dewi"},
                {"event": "assigned", "at": "2026-11-03T10:00:00+07:00", "by": "hendra"}]}
    case = Case.from_data(data)
    c1 = history.Commit("c1", (), "Andi", "a@x",
                        int(datetime(2026, 11, 3, 9, 30, tzinfo=WIB).timestamp()), "x")
    c2 = history.Commit("c2", ("c1",), "Budi", "b@x",
                        int(datetime(2026, 11, 5, 9, 0, tzinfo=WIB).timestamp()), "y")
    item = history.FileHistory(PATH, events=[c1, c1])  # event 3 not on the main line yet

    def minutes(a: datetime, b: datetime) -> int:
        return int((b - a).total_seconds() // 60)

    records = history.event_records(case, item, minutes, tolerance=60)
    assert [r.lag_minutes for r in records] == [90, 30, None]
    assert [r.late for r in records] == [True, False, False]
    assert records[0].commit is c1
    item.events.append(c2)
    late = history.event_records(case, item, minutes, tolerance=60)[2]
    assert late.commit is c2 and late.lag_minutes == 2 * 24 * 60 - 60 and late.late


def test_raw_diff_and_cat_file_batch_parsing() -> None:
    raw = (b":100644 100644 " + b"a" * 40 + b" " + b"b" * 40 + b" M\0cases/x.yaml\0"
           b":100644 000000 " + b"c" * 40 + b" " + b"0" * 40 + b" D\0cases/y.yaml\0")
    assert history.parse_raw_diff(raw) == [("M", "a" * 40, "cases/x.yaml"),
                                           ("D", "c" * 40, "cases/y.yaml")]
    batch = b"abc blob 5\nhello\nmain:nope missing\ndef blob 0\n\n"
    assert history.parse_cat_file_batch(batch, ["abc", "main:nope", "def"]) == {
        "abc": b"hello", "main:nope": None, "def": b""}


def test_text_shaped_like_events_is_not_counted_the_real_events_are() -> None:
    """The spoof: a description block with item-shaped lines committed first, the real
    events a week later. The events belong to the later commit."""
    spoof = (DIFF_GIT + b"new file mode 100644\n--- /dev/null\n+++ b/" + CASE +
             b"\n@@ -0,0 +1,5 @@\n+id: PML-20261103-4QX\n+description: |-\n"
             b"+  - server: normal\n+  - server: normal\n+events: []\n")
    real = (DIFF_GIT + b"--- a/" + CASE + b"\n+++ b/" + CASE + b"\n@@ -5 +5,5 @@\n"
            b"-events: []\n+events:\n+  - event: submitted\n+    at: x\n"
            b"+  - event: received\n+    at: y\n")
    raw = header("c2", "c1", 700_000, "real") + real + header("c1", "", 100, "spoof") + spoof
    item = history.parse_log(raw).files[PATH]
    assert [c.sha if c else None for c in item.events] == ["c2", "c2"]
    assert item.rewrites == []


def test_a_seeded_pass_attributes_the_seed_events_to_no_commit() -> None:
    seed = {PATH: b"id: PML-20261103-4QX\nevents:\n  - event: submitted\n"
                  b"    at: \"2026-11-03T08:05:00+07:00\"\n  - event: received\n    by: dewi\n"}
    item = history.parse_log(header("c2", "c1", 200, "append") + APPEND,
                             seed=seed).files[PATH]
    assert [c.sha if c else None for c in item.events] == [None, None, "c2"]


def test_committer_time_going_back_is_reported() -> None:
    raw = (header("c3", "c2", 150, "back") + APPEND + header("c2", "c1", 200, "x") + APPEND
           + header("c1", "", 100, "open") + NEW_FILE)
    parsed = history.parse_log(raw)
    assert [(c.sha, p.sha) for c, p in parsed.backwards()] == [("c3", "c2")]
