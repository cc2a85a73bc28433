"""The main screen's longer tasks: syncing the archive from the website (ctrl+r) and the
preflight's findings (c), with a jump to the item a finding concerns."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import on, work
from textual.worker import get_current_worker

from newsletter.errors import NewsletterError
from newsletter.tui.messages import SyncFinished, SyncProgressed
from newsletter.tui.screens.main_files import MainScreenFiles

if TYPE_CHECKING:
    from newsletter.checks import Finding
    from newsletter.net import NetOptions
    from newsletter.sync import SyncSource
    from newsletter.tui.data.session import EditSession


class MainScreenTasks(MainScreenFiles):
    """A sync runs in a thread worker that only posts messages; ctrl+r again stops it."""

    #: Network settings for the sync (tests pass short timeouts); None: the defaults.
    sync_net_options: NetOptions | None = None

    def __init__(self, session: EditSession) -> None:
        super().__init__(session)
        self._sync_stop: threading.Event | None = None
        self._sync_sources: list[SyncSource] = []

    @property
    def syncing(self) -> bool:
        return self._sync_stop is not None

    # -- sync -------------------------------------------------------------------------------

    def action_sync(self) -> None:
        """Sync the archive from the web sources in newsletter.toml (or stop the running one)."""
        if self._sync_stop is not None:
            if not self._sync_stop.is_set():
                self._sync_stop.set()
                self.notify("Stopping the sync…", timeout=3)
            return
        from newsletter.tui.data.syncing import NO_SOURCES_HINT, sync_options, web_sources

        workspace = self.session.workspace
        try:
            sources = web_sources(workspace)
        except NewsletterError as error:
            self.notify(str(error), title="Cannot sync", severity="error", timeout=12)
            return
        if not sources:
            self.notify(
                f"No website to sync from yet. {NO_SOURCES_HINT}",
                title="Nothing to sync",
                severity="warning",
                timeout=15,
            )
            return
        self._sync_stop = threading.Event()
        self._sync_sources = sources
        self._set_activity(f"⟳ sync: starting ({len(sources)} source{'s' * (len(sources) != 1)})")
        options = sync_options(workspace, self.sync_net_options)
        self._sync_in_thread(sources, options, self._sync_stop)

    @work(thread=True, exit_on_error=False, group="sync", name="Sync")
    async def _sync_in_thread(
        self, sources: list[SyncSource], options: NetOptions, stop: threading.Event
    ) -> None:
        from newsletter.tui.data.syncing import run_sync

        worker = get_current_worker()
        try:
            outcome = await run_sync(
                self.session.workspace.archive_path,
                sources,
                lambda event: self.post_message(SyncProgressed(event)),
                lambda: stop.is_set() or worker.is_cancelled,
                options=options,
            )
        except BaseException:
            self.post_message(SyncFinished(None))  # the app's one handler says what failed
            raise
        self.post_message(SyncFinished(outcome))

    def on_unmount(self) -> None:
        if self._sync_stop is not None:  # quitting: the sync thread ends at once
            self._sync_stop.set()

    @on(SyncProgressed)
    def _sync_progressed(self, message: SyncProgressed) -> None:
        from newsletter.tui.data.syncing import progress_text

        if self._sync_stop is None:
            return
        keys = [source.state_key for source in self._sync_sources]
        key = message.event.source.state_key
        index = keys.index(key) + 1 if key in keys else 1
        text = progress_text(message.event, index, len(keys))
        if self._sync_stop.is_set():
            text += " (stopping)"
        self._set_activity(text)

    @on(SyncFinished)
    def _sync_finished(self, message: SyncFinished) -> None:
        from newsletter.tui.data.syncing import summary

        self._sync_stop = None
        self._set_activity(None)
        outcome = message.outcome
        if outcome is None:
            return
        title, text, severity = summary(outcome)
        self.notify(text, title=title, severity=severity, timeout=12)
        report = outcome.report
        if self.archive is None or not (report.new or report.updated):
            return
        pane = self.archive_pane
        pane.set_archive(self.archive, outcome.total, pane.usage)
        if report.updated:  # the issue's own articles may have changed: read them again
            self.session.articles.clear()
            self.refresh_issue()

    def _set_activity(self, text: str | None) -> None:
        self.activity = text
        self._update_status()

    # -- preflight findings -------------------------------------------------------------------

    def action_show_checks(self) -> None:
        """List the preflight's findings; choosing one goes to its item or section."""
        from newsletter.tui.screens.findings import FindingsScreen

        if self.findings is None:
            waiting = "The preview could not be rendered" if self.render_error else "Still checking"
            self.notify(f"{waiting}: no findings yet.", severity="warning", timeout=4)
            return
        stale = not self.checks_idle
        self.app.push_screen(FindingsScreen(self.findings, stale=stale), self.go_to_finding)

    def go_to_finding(self, finding: Finding | None) -> None:
        """Move the issue pane's cursor to what `finding` concerns, and focus it."""
        from newsletter.tui.data.preflight import locate

        if finding is None:
            return
        where = locate(finding, self.session.issue)
        if where is None:
            self.notify("That item is no longer in the issue.", severity="warning", timeout=4)
            return
        self.cursor = where
        self.issue_pane.show(self.session.issue, self.session.articles, self.cursor)
        self.preview_pane.set_view(section=where[0])
        self.action_show_pane("issue")
