"""Every action of the app in one catalogue: the command palette, the help screen and the
README's key table are all made from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True, slots=True)
class Command:
    """An action: `action` runs on the main screen ("app." prefix: on the app)."""

    action: str
    title: str
    keys: str
    help: str
    group: str


COMMANDS: tuple[Command, ...] = (
    Command(
        "search",
        "Search the archive",
        "/",
        "Full-text search; results update as you type",
        "Archive",
    ),
    Command(
        "add_article",
        "Add article to the issue",
        "enter",
        "Add the highlighted archive article to the current section (double click too)",
        "Archive",
    ),
    Command(
        "toggle_unused",
        "Show unused articles only",
        "u",
        "Hide articles already used in an issue (toggle)",
        "Archive",
    ),
    Command(
        "sync",
        "Sync archive from the website",
        "ctrl+r",
        "Fetch new and changed posts from the web sources in newsletter.toml (again: stop)",
        "Archive",
    ),
    Command(
        "remove_item",
        "Remove item",
        "delete",
        "Remove the highlighted item (or an empty section)",
        "Issue",
    ),
    Command(
        "move_item(-1)",
        "Move item up",
        "shift+up",
        "Move the item up, into the previous section at the top",
        "Issue",
    ),
    Command(
        "move_item(1)",
        "Move item down",
        "shift+down",
        "Move the item down, into the next section at the bottom",
        "Issue",
    ),
    Command(
        "trim_shorter",
        "Trim shorter",
        "-",
        "One paragraph less, or one sentence less when cut by words",
        "Issue",
    ),
    Command(
        "trim_longer",
        "Trim longer",
        "+",
        "One paragraph more, or one sentence more when cut by words",
        "Issue",
    ),
    Command(
        "edit_item",
        "Edit headline/teaser override",
        "e",
        "Override the item's headline and teaser, choose its layout",
        "Issue",
    ),
    Command(
        "cycle_layout",
        "Change item layout",
        "l",
        "Cycle the item's layout: lead, standard, compact",
        "Issue",
    ),
    Command("add_section", "Add section", "a", "Add a section after the current one", "Issue"),
    Command("rename_section", "Rename section", "r", "Rename the current section", "Issue"),
    Command("undo", "Undo", "ctrl+z", "Undo the last change to the issue", "Issue"),
    Command("redo", "Redo", "ctrl+y", "Redo what was undone", "Issue"),
    Command(
        "toggle_text",
        "Preview plain text / HTML",
        "t",
        "Switch the preview between the HTML and the plain-text version",
        "Preview",
    ),
    Command(
        "toggle_whole",
        "Preview whole issue / section",
        "w",
        "Switch the preview between the current section and the whole issue",
        "Preview",
    ),
    Command(
        "open_browser",
        "Open HTML in browser",
        "o",
        "Write the full HTML to out/ and open it in the system browser",
        "Preview",
    ),
    Command("save", "Save issue", "ctrl+s", "Save the issue file (atomic, keeps comments)", "File"),
    Command(
        "export",
        "Export",
        "ctrl+e",
        "Write HTML, text and report to out/ and copy the HTML to the clipboard",
        "File",
    ),
    Command(
        "show_checks",
        "Preflight checks",
        "c",
        "What the checks found (errors block sending); enter goes to the item",
        "File",
    ),
    Command(
        "new_issue",
        "Create the next issue",
        "ctrl+n",
        "Start the next issue file (number + 1, next month)",
        "File",
    ),
    Command("show_pane('archive')", "Go to archive pane", "f2", "Focus the archive", "Panes"),
    Command("show_pane('issue')", "Go to issue pane", "f3", "Focus the issue", "Panes"),
    Command("show_pane('preview')", "Go to preview pane", "f4", "Focus the preview", "Panes"),
    Command("app.help", "Help", "f1", "Show all keys", "App"),
    Command("app.command_palette", "Command palette", "ctrl+p", "Search every action", "App"),
    Command(
        "app.quit", "Quit", "ctrl+q", "Quit (asks first when there are unsaved changes)", "App"
    ),
)


def _available(screen: object, command: Command) -> bool:
    if command.action.startswith("app."):
        return command.action != "app.command_palette"
    name = command.action.split("(", 1)[0]
    return hasattr(screen, f"action_{name}")


class NewsletterCommands(Provider):
    """Command palette provider listing every action with its key."""

    def _commands(self) -> list[Command]:
        return [c for c in COMMANDS if _available(self.screen, c)]

    def _run(self, command: Command) -> Callable[[], object]:
        return partial(self.app.run_action, command.action, self.screen)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                f"{command.title}  ({command.keys})", self._run(command), help=command.help
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            text = f"{command.title}  ({command.keys})"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(text), self._run(command), text=text, help=command.help
                )
