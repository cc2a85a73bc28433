"""The issue pane: subject, preheader and intro edited in place, and the sections/items tree."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, TextArea, Tree

from newsletter.models import Article, Issue, Item, Teaser
from newsletter.trim import trim
from newsletter.tui.messages import FieldEdited, ItemFocused

Cursor = tuple[int, int | None]
MOVE = Binding.Group("Move")
TRIM = Binding.Group("Trim")


def teaser_for(item: Item, article: Article | None) -> Teaser | None:
    return None if article is None else trim(article, item)


def trim_spec(item: Item) -> str:
    """Short description of how an item is trimmed: ¶2 (paragraphs), ≤80w (words), or sf."""
    if item.teaser:
        return "own"
    if item.paragraphs is not None:
        return f"¶{item.paragraphs}"
    if item.words is not None:
        return f"≤{item.words}w"
    return "sf"


def item_label(
    item: Item, article: Article | None, teaser: Teaser | None, *, loading: bool = False
) -> Text:
    """A tree line: trimmed word count, trim, layout, flags, headline."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if loading and article is None:  # the archive is still opening
        text.append(f"   …w {trim_spec(item):<5} {item.article}", "dim")
        return text
    if article is None or teaser is None:
        text.append("   ?w ", "red")
        text.append(f"not in the archive: {item.article}", "red")
        return text
    text.append(f"{teaser.word_count:>4}w ", "cyan")
    text.append(f"{trim_spec(item):<5} ", "dim")
    if item.layout != "standard":
        text.append(f"{item.layout} ", "magenta")
    if item.fingerprint and item.fingerprint != article.fingerprint:
        text.append("⚠ ", "bold yellow")
    if item.headline or item.teaser:
        text.append("✎ ", "green")
    text.append(teaser.headline)
    return text


class IssueTree(Tree[Cursor]):
    """Sections with their items. The keys here act on the highlighted item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "screen.remove_item", "Remove"),
        Binding("backspace", "screen.remove_item", "Remove", show=False),
        Binding("shift+up", "screen.move_item(-1)", "Move", group=MOVE, key_display="⇧↑"),
        Binding("shift+down", "screen.move_item(1)", "Move", group=MOVE, key_display="⇧↓"),
        Binding("minus", "screen.trim_shorter", "Trim", group=TRIM),
        Binding("plus,equals_sign", "screen.trim_longer", "Trim", group=TRIM, key_display="+"),
        Binding("e", "screen.edit_item", "Edit"),
        Binding("l", "screen.cycle_layout", "Layout", show=False),
        Binding("a", "screen.add_section", "Add section", show=False),
        Binding("r", "screen.rename_section", "Rename section", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("issue"), id=id)  # Text: no markup (or emoji table) to parse
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2


class IssuePane(Vertical):
    """Edits post FieldEdited; cursor moves post ItemFocused. The screen owns the issue."""

    #: True until the archive is open (items show their ids, not "not in the archive").
    loading = True

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label("Subject", classes="field-label")
            yield Input(id="subject", compact=True, placeholder="The email's subject line")
        with Horizontal(classes="field"):
            yield Label("Preheader", classes="field-label")
            yield Input(id="preheader", compact=True, placeholder="Preview text after it")
        with Horizontal(classes="field", id="intro-row"):
            yield Label("Intro", classes="field-label")
            yield TextArea(id="intro", compact=True, soft_wrap=True, show_line_numbers=False)
        yield IssueTree(id="issue-tree")

    def on_mount(self) -> None:
        self.border_title = "Issue"

    @property
    def issue_tree(self) -> IssueTree:
        return self.query_one(IssueTree)

    def show(self, issue: Issue, articles: Mapping[str, Article], cursor: Cursor) -> None:
        """Reflect `issue` (fields only where they differ, so typing is never disturbed)."""
        for field in ("subject", "preheader"):
            widget = self.query_one(f"#{field}", Input)
            value = getattr(issue, field)
            if widget.value != value:
                with widget.prevent(Input.Changed):
                    widget.value = value
        intro = self.query_one("#intro", TextArea)
        if intro.text != issue.intro:
            with intro.prevent(TextArea.Changed):
                intro.load_text(issue.intro)
        self._rebuild(issue, articles, cursor)

    def _rebuild(self, issue: Issue, articles: Mapping[str, Article], cursor: Cursor) -> None:
        tree = self.issue_tree
        tree.clear()
        line = 0
        target = 0
        total_words = 0
        for si, section in enumerate(issue.sections):
            words = 0
            leaves: list[tuple[Text, Cursor]] = []
            for ii, item in enumerate(section.items):
                article = articles.get(item.article)
                teaser = teaser_for(item, article)
                words += teaser.word_count if teaser else 0
                label = item_label(item, article, teaser, loading=self.loading)
                leaves.append((label, (si, ii)))
            total_words += words
            count = len(section.items)
            label = Text(section.title or "(untitled section)", "bold")
            label.append(f"  {count} item{'s' * (count != 1)} · {words}w", "dim")
            node = tree.root.add(label, data=(si, None), expand=True, allow_expand=False)
            if cursor == (si, None):
                target = line
            line += 1
            for prompt, data in leaves:
                node.add_leaf(prompt, data=data)
                if cursor == data:
                    target = line
                line += 1
        count = len(issue.items)
        self.border_subtitle = f"{count} item{'s' * (count != 1)} · {total_words}w"
        if line:
            with tree.prevent(Tree.NodeHighlighted):
                tree.cursor_line = target
            self.call_after_refresh(tree.scroll_to_line, target, animate=False)

    @on(Input.Changed, "#subject, #preheader")
    def _field_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id:
            self.post_message(FieldEdited(event.input.id, event.value))

    @on(TextArea.Changed, "#intro")
    def _intro_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(FieldEdited("intro", event.text_area.text))

    @on(Tree.NodeHighlighted, "#issue-tree")
    def _node_highlighted(self, event: Tree.NodeHighlighted[Cursor]) -> None:
        event.stop()
        if event.node.data is not None:
            section, item = event.node.data
            self.post_message(ItemFocused(section, item))
