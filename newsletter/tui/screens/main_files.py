"""The main screen's file handling: save, export, the next issue, quit, and watching the
issue file on disk (changed by another program) and the journal of unsaved edits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work

from newsletter.errors import NewsletterError
from newsletter.tui.messages import ExportFinished, UsageLoaded
from newsletter.tui.screens.main_base import MainScreenBase

if TYPE_CHECKING:
    from newsletter.tui.app import NewsletterApp
    from newsletter.tui.data.session import EditSession


class MainScreenFiles(MainScreenBase):
    """Saving and exporting; never overwriting a file someone else changed."""

    def on_mount(self) -> None:
        # Textual calls each class's on_mount (this one before MainScreenBase's).
        self.set_interval(self.DISK_CHECK_INTERVAL, self.check_disk)
        self.call_after_refresh(self.offer_journal)

    @property
    def newsletter_app(self) -> NewsletterApp:
        return self.app  # type: ignore[return-value]

    # -- another issue of the workspace ---------------------------------------------------

    def open_session(self, session: EditSession) -> None:
        """Show another issue in this screen; the archive stays open. (The caller has saved
        or discarded the edits to the one shown so far.)"""
        for timer in (self._render_timer, self._journal_timer):
            if timer is not None:
                timer.stop()
        self._render_timer = self._journal_timer = None
        self.session = session
        self.cursor = (0, 0 if session.issue.items else None)
        self.rendered = None
        self.render_error = None
        self.findings = None
        self._rendering = False
        self.first_generation = self.generation + 1
        self.sub_title = session.relative_path()
        self.preview_pane.clear()
        self.refresh_issue()
        if self.archive is not None:
            self._load_usage()
        self.call_after_refresh(self.offer_journal)

    @work(thread=True, exit_on_error=False, group="usage", exclusive=True, name="Reading issues")
    def _load_usage(self) -> None:
        from newsletter.usage import usage_index

        own = self.session.path.resolve()
        others = [p for p in self.session.workspace.issue_paths() if p.resolve() != own]
        self.post_message(UsageLoaded(usage_index(others)))

    @on(UsageLoaded)
    def _usage_loaded(self, message: UsageLoaded) -> None:
        self.archive_pane.set_usage(message.usage)

    # -- the file on disk and the journal ---------------------------------------------------

    def check_disk(self) -> None:
        """Ask when the issue file changed on disk (someone edited it, a git pull)."""
        if self._asking_disk or not self.session.changed_on_disk():
            return
        self._asking_disk = True
        name = self.session.relative_path()
        if self.session.path.exists():
            message = f"{name} was changed by another program."
            if self.session.dirty:
                message += " You also have unsaved changes here."
            choices = [
                ("reload", "Reload from disk", "warning"),
                ("keep", "Keep my version", "primary"),
            ]
        else:
            message = f"{name} was deleted or moved. Saving will write it again."
            choices = [("keep", "Keep my version", "primary")]
        from newsletter.tui.screens.dialogs import ChoiceDialog

        self.app.push_screen(
            ChoiceDialog("The issue file changed on disk", message, choices, cancel_value="keep"),
            self._disk_answer,
        )

    def _disk_answer(self, answer: str | None) -> None:
        self._asking_disk = False
        if answer == "reload":
            try:
                self.session.reload()
            except NewsletterError as error:
                self.notify(str(error), title="Cannot reload", severity="error", timeout=10)
                self.session.keep_ours()
                return
            self.notify("Reloaded from disk. ctrl+z brings your version back.")
            self.refresh_issue(journal_now=True)
        else:
            self.session.keep_ours()
            self._update_status()
            self._schedule_journal(now=True)

    def offer_journal(self) -> None:
        """Offer back unsaved edits a killed terminal or a crash left behind."""
        entry = self.session.pending_journal()
        if entry is None:
            return
        when = entry.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        message = f"Unsaved edits to {self.session.relative_path()} from {when} were kept."
        if entry.base_hash != self.session.disk.hash:
            message += " The file has also changed on disk since then."
        message += " Restore them?"

        def answer(choice: str | None) -> None:
            if choice == "restore":
                self.session.restore(entry)
                self.notify("Unsaved edits restored. ctrl+s saves them, ctrl+z undoes.")
                self.refresh_issue(journal_now=True)
            elif choice == "discard":
                self.session.discard_journal()

        from newsletter.tui.screens.dialogs import ChoiceDialog

        self.app.push_screen(
            ChoiceDialog(
                "Recover unsaved edits?",
                message,
                [("restore", "Restore", "primary"), ("discard", "Discard", "error")],
                cancel_value="keep-for-later",
            ),
            answer,
        )

    # -- file -----------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save(then=None)

    def save(self, then: str | None) -> None:
        """Save (asking first when the file changed on disk); then run action `then`."""
        if self.session.changed_on_disk():

            def answer(choice: str | None) -> None:
                self._asking_disk = False
                if choice == "overwrite":
                    self.session.keep_ours()
                    self.save(then)
                elif choice == "reload":
                    self._disk_answer("reload")

            from newsletter.tui.screens.dialogs import ChoiceDialog

            self._asking_disk = True
            self.app.push_screen(
                ChoiceDialog(
                    "The issue file changed on disk",
                    f"{self.session.relative_path()} was changed by another program since "
                    "you opened it. Overwrite it with your version?",
                    [
                        ("overwrite", "Overwrite", "error"),
                        ("reload", "Reload theirs", "warning"),
                        ("cancel", "Cancel", "default"),
                    ],
                ),
                answer,
            )
            return
        try:
            self.session.save()
        except (NewsletterError, OSError) as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return
        self._update_status()
        self.notify(f"Saved {self.session.relative_path()}.", timeout=3)
        if then is not None:
            self.call_next(self.run_action, then)

    def action_export(self) -> None:
        if self.session.dirty:
            self.save(then="export_saved")
        else:
            self.action_export_saved()

    def action_export_saved(self) -> None:
        self.notify("Exporting…", timeout=2)
        self._export_in_thread()

    @work(thread=True, exit_on_error=False, group="export", exclusive=True, name="Export")
    def _export_in_thread(self) -> None:
        from newsletter.compose import compose_issue, export

        workspace = self.session.workspace
        composition = compose_issue(workspace, self.session.path, archive=self.archive)
        report = export(composition, workspace.out_dir)
        self.post_message(ExportFinished(report, composition.rendered.html))

    @on(ExportFinished)
    def _exported(self, message: ExportFinished) -> None:
        self.app.copy_to_clipboard(message.html)
        files = message.report.get("files", {})
        html = files.get("html", "")
        size = message.report.get("size_bytes", 0) / 1024
        note = f"Wrote {html} ({size:.1f} KB) with .txt and .json. HTML copied to the clipboard."
        blocking = message.report.get("blocking") or []
        if blocking:
            count = len(blocking)
            problems = "\n".join(f"✖ {problem}" for problem in blocking[:5])
            self.notify(
                f"{note}\n{problems}\nPress c for every finding and where it is.",
                title=f"Exported, but {count} error{'s' * (count != 1)} "
                f"block{'s' * (count == 1)} sending",
                severity="warning",
                timeout=12,
            )
        else:
            self.notify(note, title="Exported", timeout=6)

    def action_new_issue(self) -> None:
        if self.session.dirty:

            def answer(choice: str | None) -> None:
                if choice == "save":
                    self.save(then="new_issue")
                elif choice == "discard":
                    self.session.discard_journal()
                    self.newsletter_app.offer_new_issue(self.session.workspace)

            from newsletter.tui.screens.dialogs import ChoiceDialog

            self.app.push_screen(
                ChoiceDialog(
                    "Unsaved changes",
                    f"Save {self.session.relative_path()} before creating the next issue?",
                    [
                        ("save", "Save", "primary"),
                        ("discard", "Discard", "error"),
                        ("cancel", "Cancel", "default"),
                    ],
                ),
                answer,
            )
            return
        self.newsletter_app.offer_new_issue(self.session.workspace)

    def request_quit(self) -> None:
        """ctrl+q: quit at once when saved, else ask."""
        if not self.session.dirty:
            self.app.exit()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.save(then="app.quit")
            elif choice == "discard":
                self.session.discard_journal()
                self.app.exit()

        from newsletter.tui.screens.dialogs import ChoiceDialog

        self.app.push_screen(
            ChoiceDialog(
                "Quit with unsaved changes?",
                f"{self.session.relative_path()} has changes that are not saved.",
                [
                    ("save", "Save and quit", "primary"),
                    ("discard", "Quit without saving", "error"),
                    ("cancel", "Cancel", "default"),
                ],
            ),
            answer,
        )
