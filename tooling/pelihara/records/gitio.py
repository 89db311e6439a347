"""The git wrapper: the only module in Pelihara that runs git.

Every call goes through GitPython's command wrapper (`Repo(...).git`) and is counted in
`Git.processes`, so a test can assert that reading history or checking a merge request starts
a small fixed number of git processes, never one per case file. Parsing of the output lives in
the pure `pelihara.core.history` module; this module only runs commands and returns their bytes.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from pelihara.core import history
from pelihara.core.errors import PeliharaError
from pelihara.core.eventscan import ScanState
from pelihara.records import yamlio

# Plumbing output must not depend on the user's config (colour, external diff tools, renames).
_STABLE = ("--no-color", "--no-ext-diff", "--no-renames")
_BOUNDED = ("-c", f"core.bigFileThreshold={yamlio.MAX_BYTES}")
"""For commands that print patches: a file above the record size limit is shown as binary
("Binary files differ"), so a 3 GB text file in a merge request is never diffed into memory."""
GIT_DEPTH_HINT = "GIT_DEPTH: 0"


@dataclass
class Git:
    """A repository's git, with a count of the git processes started through it."""

    root: Path
    processes: int = 0
    _repo: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # Imported here: GitPython takes a sixth of every command's start-up, and `check`,
        # `sla` or `site build` without history never start git at all.
        import git as gitpython

        try:
            self._repo = gitpython.Repo(self.root, search_parent_directories=True)
        except (gitpython.InvalidGitRepositoryError, gitpython.NoSuchPathError):
            raise PeliharaError("git.not_a_repository", {"path": str(self.root)}) from None

    @property
    def toplevel(self) -> Path:
        return Path(self._repo.working_tree_dir)

    def run(self, *args: str, stdin: bytes | None = None, check: bool = True,
            extra_env: dict[str, str] | None = None) -> bytes:
        """Run `git ARGS` once and return its stdout as bytes (trailing newline kept)."""
        from git import GitCommandError  # loaded already, by __post_init__

        self.processes += 1
        env = {"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(extra_env or {})}
        command = ["git", *args]
        try:
            if stdin is None:
                out = self._repo.git.execute(command, stdout_as_string=False,
                                             strip_newline_in_stdout=False, env=env)
            else:
                # GitPython's istream wants a real file; a spooled temp file stays in memory.
                with tempfile.TemporaryFile() as feed:
                    feed.write(stdin)
                    feed.seek(0)
                    out = self._repo.git.execute(command, istream=feed, stdout_as_string=False,
                                                 strip_newline_in_stdout=False, env=env)
        except GitCommandError as exc:
            if not check:
                return b""
            stderr = str(exc.stderr or "").strip().removeprefix("stderr: ").strip("'\" \n")
            raise PeliharaError("git.failed", {"command": " ".join(args[:2]),
                                               "error": stderr or str(exc.status)}) from None
        return bytes(out)

    # --- questions ---------------------------------------------------------------------

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").strip() == b"true"

    def require_full_history(self) -> None:
        """Stop with an explanation on a shallow clone: its history would give wrong answers."""
        if self.is_shallow():
            raise PeliharaError("git.shallow", {"setting": GIT_DEPTH_HINT})

    def resolve(self, ref: str) -> str:
        out = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}",
                       check=False).strip()
        if not out:
            raise PeliharaError("git.unknown_ref", {"ref": ref})
        return out.decode()

    def merge_base(self, a: str, b: str = "HEAD") -> str:
        out = self.run("merge-base", a, b, check=False).strip()
        if not out:
            raise PeliharaError("git.no_merge_base", {"ref": a})
        return out.decode()

    def head(self) -> str | None:
        """The commit checked out (40 hex), None in a repository without commits."""
        out = self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).strip()
        return out.decode() if out else None

    def archive(self, tree: str, paths: list[str]) -> bytes:
        """A tar of `paths` (relative to `tree`, e.g. `<commit>` or `<commit>:records`) as
        they were in that tree: one process, nothing checked out."""
        return self.run("archive", "--format=tar", tree, "--", *paths)

    def has_commits(self) -> bool:
        return bool(self.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).strip())

    # --- history -----------------------------------------------------------------------

    def log_cases(self, ref: str = "HEAD", folder: str = "cases") -> bytes:
        """One `git log` pass over the first-parent history of `folder`, with -U0 patches.

        The patches say which lines each commit replaced; `history.parse_log` rebuilds each
        revision from them and locates its event items structurally.
        `--diff-merges=first-parent` makes a merge commit show what it brought to the main
        line (git's default with --first-parent since 2.31, explicit here).
        """
        return self.run(*_BOUNDED, "log", "--first-parent", "--diff-merges=first-parent", "-p",
                        "-U0", *_STABLE, f"--format={history.LOG_FORMAT}", ref, "--", folder)

    def read_history(self, ref: str = "HEAD", folder: str = "cases") -> history.History:
        """Per-file, per-event history of `folder` along the first-parent line of `ref`."""
        if not self.has_commits():
            return history.History()
        self.require_full_history()
        return history.parse_log(self.log_cases(ref, folder), locate_events)

    # --- merge-request diffs ----------------------------------------------------------

    def changed_files(self, base: str, paths: tuple[str, ...]) -> list[tuple[str, str, str]]:
        """(status, old blob, path) of tracked files that differ between `base` and the working
        tree, one process. Status letters as `git diff --raw`: A, M, D, T."""
        raw = self.run("diff", "--raw", "-z", *_STABLE, "--abbrev=40", base, "--", *paths)
        return history.parse_raw_diff(raw)

    def untracked(self, paths: tuple[str, ...]) -> list[str]:
        raw = self.run("ls-files", "--others", "--exclude-standard", "-z", "--", *paths)
        return [p.decode() for p in raw.split(b"\0") if p]

    def blobs(self, names: list[str], limit: int = yamlio.MAX_BYTES) -> dict[str, bytes | None]:
        """Contents of many blobs (`<sha>` or `<ref>:<path>`): a missing object, or one that
        is no blob (a folder committed where a file should be), maps to None.

        Bounded: one `cat-file --batch-check` reads every object's type and size from its
        header, and one `cat-file --batch` then reads only the blobs of at most `limit` bytes.
        A larger blob is the error `git.blob_too_large`, named, never read: a 3 GB blob on
        a branch costs nothing. (A committed symbolic link is a blob holding its target's
        path, which is never followed.)"""
        if not names:
            return {}
        raw = self.run("cat-file", f"--batch-check={history.BATCH_CHECK_FORMAT}",
                       stdin="".join(f"{n}\n" for n in names).encode())
        headers = history.parse_batch_check(raw, names)
        for name, header in headers.items():
            if header is not None and header.kind == "blob" and header.size > limit:
                raise PeliharaError("git.blob_too_large",
                                    {"name": name, "size": header.size, "limit": limit})
        wanted = sorted({h.sha for h in headers.values() if h is not None and h.kind == "blob"})
        contents = history.parse_cat_file_batch(
            self.run("cat-file", "--batch", stdin="".join(f"{s}\n" for s in wanted).encode()),
            wanted) if wanted else {}
        return {name: contents.get(h.sha) if h is not None and h.kind == "blob" else None
                for name, h in headers.items()}

    # --- who recorded, who signed ----------------------------------------------------

    def range_commits(self, base: str, tip: str = "HEAD") -> list[history.RangeCommit]:
        """Every commit in `base..tip` (all parents, not only the first), newest first, and
        the boundary commits they start from (marked), in one process."""
        raw = self.run("log", "--boundary", f"--format={history.RANGE_FORMAT}",
                       f"{base}..{tip}", "--")
        return history.parse_range(raw)

    def range_history(self, base: str, paths: list[str], seed: dict[str, bytes],
                      tip: str = "HEAD") -> history.History:
        """The first-parent history of `paths` from `base` (exclusive) to `tip`, starting
        from their texts at `base` (`seed`): which commit of a merge request added each
        event. One process."""
        if not paths:
            return history.History()
        raw = self.run(*_BOUNDED, "log", "--first-parent", "--diff-merges=first-parent", "-p",
                       "-U0", *_STABLE, f"--format={history.LOG_FORMAT}", f"{base}..{tip}", "--",
                       *paths)
        return history.parse_log(raw, locate_events, seed)

    def verified_signers(self, shas: list[str], allowed_signers: str) -> dict[str, str]:
        """{commit: principal} for the commits among `shas` that carry a good SSH signature
        by a key in `allowed_signers` (git's own check: `gpg.format=ssh`, the allowed-signers
        file written from the registry, `%G?` = G). One process; git runs ssh-keygen for
        each signed commit."""
        if not shas or not allowed_signers:
            return {}
        with tempfile.NamedTemporaryFile("w", suffix=".allowed_signers",
                                         encoding="utf-8") as signers:
            signers.write(allowed_signers)
            signers.flush()
            raw = self.run("-c", "gpg.format=ssh", "-c",
                           f"gpg.ssh.allowedSignersFile={signers.name}",
                           "log", "--no-walk=unsorted", "--format=%H%x1f%G?%x1f%GS", *shas,
                           "--", check=False)
        return history.parse_signers(raw)

    def first_parent_commits(self, pathspecs: tuple[str, ...], since: str | None = None
                             ) -> list[history.Commit]:
        """The first-parent commits of HEAD (after `since`) that touch `pathspecs`, oldest
        first, with their `Approved-by:` trailers. One process, no patches."""
        span = f"{since}..HEAD" if since else "HEAD"
        raw = self.run("log", "--first-parent", f"--format={history.LOG_FORMAT}", span, "--",
                       *pathspecs)
        return history.parse_log(raw).line

    def ratifications(self, since: str | None = None) -> dict[str, tuple[str, ...]]:
        """{commit named by a `Ratifies:` trailer: (e-mails of the first-parent commits that
        carry it)}: a head's later approval of a change merged without one. One process."""
        span = f"{since}..HEAD" if since else "HEAD"
        raw = self.run("log", "--first-parent", "--grep=^Ratifies:",
                       "--format=%ae%x1f%(trailers:key=Ratifies,valueonly,separator=%x1d)",
                       span, "--")
        return history.parse_ratifications(raw)

    # --- writing ------------------------------------------------------------------------

    def commit_file(self, path: Path, message: str) -> str:
        """Stage one file and commit only it (`git commit -- path`): other staged work of the
        user stays staged and out of this commit. Returns the new commit id."""
        return self.commit_paths([path], message)

    def commit_paths(self, paths: list[Path], message: str,
                     identity: tuple[str, str] | None = None) -> str:
        """`commit_file` for several files (a case and the evidence files it references; notice
        or monitoring records), as `identity` (name, e-mail) when given (author and committer
        both: the scheduled jobs commit as the bot). Returns the commit id."""
        rels = [os.path.relpath(p, self.toplevel) for p in paths]
        self.run("add", "--", *rels)
        # The environment wins over any user.name in the config and over inherited GIT_AUTHOR_*
        # variables: the commit must name the bot, whoever runs the job.
        env = {f"GIT_{role}_{part}": value for role in ("AUTHOR", "COMMITTER")
               for part, value in zip(("NAME", "EMAIL"), identity, strict=True)} \
            if identity else None
        self.run("commit", "--quiet", "-m", message, "--", *rels, extra_env=env)
        return self.run("rev-parse", "HEAD").strip().decode()

    def tree_names(self, ref: str, folder: str) -> list[str]:
        raw = self.run("ls-tree", "-r", "-z", "--name-only", ref, "--", folder, check=False)
        return [p.decode() for p in raw.split(b"\0") if p]

    def branch_tips(self) -> list[str]:
        raw = self.run("for-each-ref", "--format=%(objectname)", "refs/heads", "refs/remotes")
        return sorted({line for line in raw.decode().split() if line})


def locate_events(lines: list[bytes]) -> ScanState | None:
    """The strict parser's view of one revision (for what `eventscan` does not follow): where
    each item of the top-level `events:` list starts and where the list ends. None: the
    revision is no YAML the check would accept."""
    try:
        doc = yamlio.parse(yamlio.decode(b"\n".join(lines)), "<history>")
    except yamlio.YamlProblem:
        return None
    if not isinstance(doc.node, MappingNode):
        return ScanState()
    pairs = doc.node.value
    for index, (key, value) in enumerate(pairs):
        if isinstance(key, ScalarNode) and key.value == "events":
            if not isinstance(value, SequenceNode):
                return ScanState()
            later = [k.start_mark.line for k, _ in pairs[index + 1:]]
            return ScanState([item.start_mark.line for item in value.value],
                             min(later) if later else None)
    return ScanState()
