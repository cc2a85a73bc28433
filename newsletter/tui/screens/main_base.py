"""The main screen's plumbing: panes, the session, workers and keeping the views in step.

The screen owns the editing session. Workers (archive, render, export) run in threads and
only post messages; handlers here apply their results. The actions are in main.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker, get_current_worker

from newsletter.errors import NewsletterError
from newsletter.models import Article, Issue, Rendered
from newsletter.tui.data.session import EditSession
from newsletter.tui.messages import (
    ArchiveOpened,
    ChecksFinished,
    FieldEdited,
    ItemFocused,
    RenderFailed,
    RenderFinished,
    forward_worker_failure,
)
from newsletter.tui.widgets.archive_pane import ArchivePane
from newsletter.tui.widgets.issue_pane import IssuePane, teaser_for
from newsletter.tui.widgets.key_footer import KeyFooter
from newsletter.tui.widgets.pane_tabs import PaneTabs
from newsletter.tui.widgets.preview_pane import PreviewPane
from newsletter.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from newsletter.archive import Archive
    from newsletter.checks import Finding
    from newsletter.render import Templates

PANES = ("archive", "issue", "preview")


class MainScreenBase(Screen[None]):
    """Layout and state. Narrow terminals show one pane at a time (f2/f3/f4)."""

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual declares it without ClassVar)
        (0, "-narrow"),
        (100, "-wide"),
        (160, "-widest"),
    ]
    AUTO_FOCUS = "#search"
    RENDER_DELAY = 0.12
    JOURNAL_DELAY = 0.5
    DISK_CHECK_INTERVAL = 1.0

    def __init__(self, session: EditSession) -> None:
        # Start with the classes the first resize would set, so the first frame is styled once.
        width = self.app.size.width if self.app.is_running else 0
        classes = {*self._get_breakpoint_classes(width, self.HORIZONTAL_BREAKPOINTS)}
        super().__init__(classes=" ".join(sorted({*classes, "-show-archive"})))
        self.session = session
        self.archive: Archive | None = None
        self.cursor: tuple[int, int | None] = (0, 0 if session.issue.items else None)
        self.rendered: Rendered | None = None
        self.render_error: str | None = None
        self.generation = 0
        self.rendered_generation = -1
        self.first_generation = 0  # renders of an issue shown before this one are dropped
        self.active_pane = "archive"
        self._templates: Templates | None = None
        self._render_timer: Timer | None = None
        self._journal_timer: Timer | None = None
        self._asking_disk = False
        self._rendering = False
        self._resumed = False
        self.findings: list[Finding] | None = None
        self.checked_generation = -1
        self.activity: str | None = None

    def compose(self) -> ComposeResult:
        yield PaneTabs(id="pane-tabs")
        with Horizontal(id="panes"):
            with Container(id="left"):
                yield ArchivePane(id="archive")
                yield IssuePane(id="issue")
            yield PreviewPane(id="preview")
        yield StatusLine(id="status")
        yield KeyFooter()

    # -- panes ----------------------------------------------------------------------------

    @property
    def archive_pane(self) -> ArchivePane:
        return self.query_one(ArchivePane)

    @property
    def issue_pane(self) -> IssuePane:
        return self.query_one(IssuePane)

    @property
    def preview_pane(self) -> PreviewPane:
        return self.query_one(PreviewPane)

    def on_mount(self) -> None:
        self.sub_title = self.session.relative_path()
        self._set_active_pane("archive")
        self.issue_pane.show(self.session.issue, self.session.articles, self.cursor)
        self._update_status()
        self._open_archive()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Skip Textual's restyle of every widget on the first resume: each was styled as it
        was mounted a moment ago (a later resume, after a dialog, restyles as usual)."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_unmount(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def _set_active_pane(self, pane: str) -> None:
        self.active_pane = pane
        for name in PANES:
            self.set_class(name == pane, f"-show-{name}")
        self.query_one(PaneTabs).show_active(pane)

    def action_show_pane(self, pane: str) -> None:
        """Show (narrow layout) and focus a pane."""
        if pane not in PANES:
            return
        self._set_active_pane(pane)
        target: Widget = self.preview_pane
        if pane == "archive":
            target = self.archive_pane.archive_list
        elif pane == "issue":
            target = self.issue_pane.issue_tree
        self.call_after_refresh(target.focus)

    def on_descendant_focus(self) -> None:
        """Keep the narrow layout's visible pane in step with where the focus is."""
        focused = self.focused
        for name in PANES:
            pane = self.query_one(f"#{name}")
            if focused is not None and (focused is pane or pane in focused.ancestors):
                if name != self.active_pane:
                    self._set_active_pane(name)
                break
        self.session.break_merge()

    # -- the archive -----------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="open-archive", name="Opening the archive")
    def _open_archive(self) -> None:
        from newsletter.library import ensure_archive
        from newsletter.usage import usage_index

        workspace = self.session.workspace
        archive = ensure_archive(workspace)
        own = self.session.path.resolve()
        others = [p for p in workspace.issue_paths() if p.resolve() != own]
        usage = usage_index(others)
        if get_current_worker().is_cancelled:
            archive.close()
            return
        self.post_message(ArchiveOpened(archive, archive.count(), usage))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward_worker_failure(self, event)

    @on(ArchiveOpened)
    def _archive_opened(self, message: ArchiveOpened) -> None:
        self.archive = message.archive
        self.issue_pane.loading = False
        self.archive_pane.set_archive(message.archive, message.count, message.usage)
        self.refresh_issue()

    def load_articles(self) -> None:
        """Fetch the issue's articles that are not cached yet (primary-key lookups)."""
        if self.archive is None:
            return
        missing = [
            i.article for i in self.session.issue.items if i.article not in self.session.articles
        ]
        if missing:
            self.session.articles.update(self.archive.get_many(missing))

    def article(self, article_id: str) -> Article | None:
        if article_id not in self.session.articles and self.archive is not None:
            found = self.archive.get(article_id)
            if found is not None:
                self.session.articles[article_id] = found
        return self.session.articles.get(article_id)

    # -- keeping the views in step with the issue -----------------------------------------

    def refresh_issue(self, *, journal_now: bool = False) -> None:
        """After any change: articles, tree, archive badges, status, journal, render."""
        self.load_articles()
        issue = self.session.issue
        self.cursor = self._clamp_cursor(self.cursor)
        self.issue_pane.show(issue, self.session.articles, self.cursor)
        self.archive_pane.set_in_issue(frozenset(i.article for i in issue.items))
        self.preview_pane.set_view(section=self.cursor[0])
        self._update_status()
        self._schedule_journal(now=journal_now)
        self.schedule_render()

    def _clamp_cursor(self, cursor: tuple[int, int | None]) -> tuple[int, int | None]:
        sections = self.session.issue.sections
        if not sections:
            return (0, None)
        section = min(max(cursor[0], 0), len(sections) - 1)
        items = sections[section].items
        if cursor[1] is None or not items:
            return (section, None)
        return (section, min(cursor[1], len(items) - 1))

    def words(self) -> int:
        total = 0
        for item in self.session.issue.items:
            teaser = teaser_for(item, self.session.articles.get(item.article))
            total += teaser.word_count if teaser else 0
        return total

    def _update_status(self) -> None:
        self.query_one(StatusLine).show(
            path=self.session.relative_path(),
            items=len(self.session.issue.items),
            words=self.words(),
            size=self.rendered.size if self.rendered else None,
            dirty=self.session.dirty,
            rendering=self._rendering,
            findings=self.findings,
            activity=self.activity,
        )

    @on(ItemFocused)
    def _item_focused(self, message: ItemFocused) -> None:
        if message.section is not None:
            self.cursor = (message.section, message.item)
            self.preview_pane.set_view(section=message.section)

    @on(FieldEdited)
    def _field_edited(self, message: FieldEdited) -> None:
        from newsletter.editing import set_fields

        issue = self.session.issue
        if message.field == "subject":
            issue = set_fields(issue, subject=message.value)
        elif message.field == "preheader":
            issue = set_fields(issue, preheader=message.value)
        elif message.field == "intro":
            issue = set_fields(issue, intro=message.value)
        if self.session.apply(issue, f"edit {message.field}", merge_key=message.field):
            self.refresh_issue()

    # -- the journal of unsaved edits -----------------------------------------------------

    def _schedule_journal(self, *, now: bool = False) -> None:
        if self._journal_timer is not None:
            self._journal_timer.stop()
            self._journal_timer = None
        if now:
            self.write_journal()
        else:
            self._journal_timer = self.set_timer(self.JOURNAL_DELAY, self.write_journal)

    def write_journal(self) -> None:
        self._journal_timer = None
        try:
            self.session.write_journal()
        except OSError as error:
            self.notify(f"Could not journal unsaved edits: {error}", severity="error")

    # -- rendering (off the UI thread) ----------------------------------------------------

    def schedule_render(self) -> None:
        """Render after a short pause in typing; results of older generations are dropped."""
        self.generation += 1
        if self.archive is None:
            return
        if self._render_timer is not None:
            self._render_timer.stop()
        self._render_timer = self.set_timer(self.RENDER_DELAY, self._start_render)

    def _start_render(self) -> None:
        self._render_timer = None
        self._rendering = True
        self._update_status()
        if self._templates is None:
            from newsletter.render import Templates

            self._templates = Templates(self.session.workspace.templates_dir)
        self._render_in_thread(
            self.generation, self.session.issue, dict(self.session.articles), self._templates
        )

    @work(thread=True, exit_on_error=False, group="render", name="Render")
    def _render_in_thread(
        self,
        generation: int,
        issue: Issue,
        articles: dict[str, Article],
        templates: Templates,
    ) -> None:
        from newsletter.config import load_profile
        from newsletter.render import render_issue

        workspace = self.session.workspace
        config = workspace.config
        try:
            profile = load_profile(issue.profile or config.profile)
            rendered = render_issue(issue, articles, config.brand, profile, templates=templates)
        except NewsletterError as error:
            self.post_message(RenderFailed(generation, str(error)))
            return
        except Exception as error:  # a template bug must not crash the app
            self.post_message(RenderFailed(generation, f"{type(error).__name__}: {error}"))
            return
        self.post_message(RenderFinished(generation, rendered))
        if get_current_worker().is_cancelled or generation != self.generation:
            return  # a newer render is on its way; it will be checked
        from newsletter.tui.data.preflight import check_render

        try:
            findings = check_render(workspace, issue, articles, config.brand, profile, rendered)
        except Exception as error:  # a bug in a check must not hide the others' verdict
            findings = [failed_checks(error)]
        self.post_message(ChecksFinished(generation, findings))

    @on(RenderFinished)
    def _render_finished(self, message: RenderFinished) -> None:
        if message.generation < max(self.rendered_generation, self.first_generation):
            return
        self.rendered_generation = message.generation
        self._rendering = message.generation != self.generation
        self.rendered = message.rendered
        self.render_error = None
        self.preview_pane.show_rendered(message.rendered)
        self._update_status()

    @on(RenderFailed)
    def _render_failed(self, message: RenderFailed) -> None:
        if message.generation < max(self.rendered_generation, self.first_generation):
            return
        self.rendered_generation = message.generation
        self._rendering = message.generation != self.generation
        self.render_error = message.error
        self.findings = None  # the checks need a render
        self.preview_pane.show_error(message.error)
        self._update_status()

    @on(ChecksFinished)
    def _checks_finished(self, message: ChecksFinished) -> None:
        if message.generation < max(self.checked_generation, self.first_generation):
            return
        self.checked_generation = message.generation
        self.findings = message.findings
        self._update_status()

    @property
    def render_idle(self) -> bool:
        """True when the preview shows the current state of the issue."""
        return self.rendered_generation == self.generation and self._render_timer is None

    @property
    def checks_idle(self) -> bool:
        """True when the findings are those of the render on show."""
        if not self.render_idle:
            return False
        return self.render_error is not None or self.checked_generation >= self.rendered_generation


def failed_checks(error: Exception) -> Finding:
    """The one finding shown when the preflight itself broke."""
    from newsletter.checks import Finding

    return Finding(
        "error",
        "preflight.failed",
        f"the checks could not run: {type(error).__name__}: {error}",
        "Export runs them again; if they fail there too, report the problem.",
    )
