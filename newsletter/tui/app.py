"""The Textual app: a thin shell over the core. Screens do the work; this wires them up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker

from newsletter.errors import InputError, NewsletterError
from newsletter.models import Issue
from newsletter.tui.data.session import EditSession
from newsletter.tui.messages import WorkerFailed, forward_worker_failure
from newsletter.tui.screens.error import OpenErrorScreen
from newsletter.tui.screens.main import MainScreen
from newsletter.workspace import Workspace

if TYPE_CHECKING:
    from textual.command import Provider

UrlOpener = Callable[[str], object]


def system_browser(url: str) -> bool:
    """Open `url` in the system browser (False when there is none, e.g. over SSH)."""
    import webbrowser  # imported when first used: it costs a few ms at start-up

    return webbrowser.open(url)


def commands_provider() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (faster start)."""
    from newsletter.tui.commands import NewsletterCommands

    return NewsletterCommands


class NewsletterApp(App[None]):
    """Open an issue (or offer to create the next one) and compose it."""

    CSS_PATH = "app.tcss"
    TITLE = "newsletter"
    COMMANDS: ClassVar = App.COMMANDS | {commands_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        workspace: Workspace,
        issue_path: Path | None,
        *,
        open_url: UrlOpener = system_browser,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.issue_path = issue_path
        self.browser_opener = open_url
        self.today = today

    def get_default_screen(self) -> Screen[Any]:
        """The main screen itself when the issue opens: the first frame is the real UI, with
        no blank screen composed, shown and replaced before it."""
        path = self.issue_path or self.workspace.newest_issue()
        if path is not None:
            try:
                session = EditSession.open(self.workspace, path)
            except NewsletterError:
                pass  # on_mount shows why, on the error screen
            else:
                self.issue_path = path
                return MainScreen(session)
        return super().get_default_screen()

    def on_mount(self) -> None:
        if isinstance(self.screen, MainScreen):
            return
        path = self.issue_path or self.workspace.newest_issue()
        if path is None:
            self.offer_new_issue(self.workspace, reason="There is no issue in issues/ yet.")
        else:
            self.open_issue(path)

    # -- screens ----------------------------------------------------------------------------

    def open_issue(self, path: Path) -> None:
        """Show the main screen for `path`, or the reason it cannot be opened."""
        try:
            session = EditSession.open(self.workspace, path)
        except NewsletterError as error:
            self._show_open_error(path, str(error))
            return
        self.issue_path = path
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is not None:  # one main screen for the app: it shows the other issue
            while self.screen is not main:
                self.pop_screen()
            main.open_session(session)
        elif isinstance(self.screen, OpenErrorScreen):
            self.switch_screen(MainScreen(session))
        else:
            self.push_screen(MainScreen(session))

    def _show_open_error(self, path: Path, message: str) -> None:
        screen = OpenErrorScreen(message, retry=lambda: self.open_issue(path))
        if isinstance(self.screen, OpenErrorScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def offer_new_issue(self, workspace: Workspace, *, reason: str = "") -> None:
        """The create-next-issue dialog: number + 1, the month after the newest issue."""
        from newsletter.issuefile import load_issue, next_issue

        newest = workspace.newest_issue()
        previous: Issue | None = None
        if newest is not None:
            try:
                previous = load_issue(newest)
            except NewsletterError:
                previous = None
        proposal = next_issue(previous, self.today())

        def created(result: tuple[Path, Issue] | None) -> None:
            if result is None:
                if not isinstance(self.screen, MainScreen):
                    self.exit()
                return
            path, issue = result
            from newsletter.issuefile import save_issue

            try:
                save_issue(path, issue)
            except (NewsletterError, OSError) as error:
                self.notify(str(error), title="Not created", severity="error")
                return
            self.notify(f"Created {path.relative_to(workspace.root)}.")
            self.call_after_refresh(self.open_issue, path)

        from newsletter.tui.screens.create_issue import CreateIssueScreen

        self.push_screen(CreateIssueScreen(workspace.issues_dir, proposal, reason=reason), created)

    # -- actions ----------------------------------------------------------------------------

    def action_help(self) -> None:
        from newsletter.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit; the main screen asks first when there are unsaved changes."""
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is None:
            self.exit()
        elif self.screen is main:
            main.request_quit()
        elif not main.session.dirty:
            self.exit()
        else:
            self.bell()
            self.notify("Close this dialog first (escape), then quit.", severity="warning")

    # -- the one handler for worker failures ----------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward_worker_failure(self, event)

    def on_worker_failed(self, message: WorkerFailed) -> None:
        """Any worker that fails becomes a notification, never a crash or a traceback."""
        error = message.error
        if isinstance(error, InputError | NewsletterError):
            text = str(error)
        else:
            text = f"{type(error).__name__}: {error}"
        title = f"{message.name} failed"
        self.notify(text, title=title, severity="error", timeout=12)
