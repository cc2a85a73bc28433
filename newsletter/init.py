"""`newsletter init FOLDER`: a new workspace that composes its first issue straight away.

It holds newsletter.toml (the brand asked for, or defaults to edit), the package's sample
article dumps in dumps/ (the archive is built from them on first use), issues/ with a first
issue made from those articles, templates/ (a README, or with --with-templates a copy of the
package templates to edit) and a .gitignore for the local cache and outputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import tomlkit

from newsletter import writer
from newsletter.config import CONFIG_NAME, LANG_TAG, load_config, profile_names
from newsletter.errors import InputError
from newsletter.issuedump import dump_issue
from newsletter.issuefile import next_issue
from newsletter.models import Article, Issue, Item, Section
from newsletter.render.templates import package_templates
from newsletter.sources.textdump import parse_dump

DUMPS_DIR = "dumps"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class BrandAnswers:
    """What `init` asks for (every field has a default to edit later in newsletter.toml)."""

    name: str = "Our Newsletter"
    website: str = "https://example.org"
    signup_url: str = ""
    address: str = "Organisation name, street address, postcode and city"
    logo_url: str | None = None
    lang: str = "en"
    profile: str = "generic"

    def check(self) -> None:
        """InputError for an answer newsletter.toml would refuse."""
        for label, value in (("name", self.name), ("address", self.address)):
            if not value.strip() or _CONTROL.search(value):
                raise InputError(f"the brand {label} must be a line of text", hint=f"--{label}")
        for label, url in (("website", self.website), ("signup-url", self.signup_url)):
            if url and not re.match(r"^https?://[^\s/]+", url):
                raise InputError(f"--{label} must be an absolute http(s) URL, not {url!r}")
        if self.logo_url is not None and not re.match(r"^https://[^\s/]+", self.logo_url):
            raise InputError(f"--logo-url must be an absolute https URL, not {self.logo_url!r}")
        if not LANG_TAG.match(self.lang):
            raise InputError(f"--lang {self.lang!r} is not a language tag", hint='Like "en", "nb"')
        if self.profile not in profile_names():
            hint = f"Use one of: {', '.join(profile_names())}."
            raise InputError(f"unknown email-tool profile {self.profile!r}", hint=hint)


def _toml(value: str) -> str:
    return tomlkit.string(value).as_string()


def config_text(answers: BrandAnswers) -> str:
    """newsletter.toml for a new workspace, with comments on what each part does."""
    signup = answers.signup_url or answers.website.rstrip("/") + "/newsletter/"
    logo = (
        f"logo_url = {_toml(answers.logo_url)}"
        if answers.logo_url
        else '# logo_url = "https://example.org/logo.png"   # an absolute https URL, ~360 px wide'
    )
    return f"""# This workspace's settings: the brand every email and the web archive use,
# the email tool whose merge tags go into the emails, and where the articles come from.

[brand]
name = {_toml(answers.name)}
# tagline = "News from the cluster, once a month"
website = {_toml(answers.website)}
signup_url = {_toml(signup)}
{logo}
# The postal address: marketing email must show one.
address = {_toml(answers.address)}
lang = {_toml(answers.lang)}

[brand.colors]
primary = "#0b5394"
text = "#222222"
background = "#f4f4f4"
accent = "#e8f0fa"

[brand.fonts]
# A web-safe fallback is added when the list ends without one.
body = "Helvetica, Arial, sans-serif"

[brand.social]
# linkedin = "https://www.linkedin.com/company/example"

[email]
# mailchimp, mailerlite, brevo, listmonk or generic
profile = {_toml(answers.profile)}

[signup]
# What the sign-up flow's emails (`newsletter flow`) say about the newsletter.
schedule = "once a month"
# description = "What each issue covers."
# confirm_url = "https://example.org/newsletter/confirm"   # for tools without a confirm tag
# archive_url = "https://example.org/newsletter/archive/"  # where `newsletter site` goes

[archive]
path = ".newsletter/archive.sqlite"

# The archive is a cache of these sources. Text dumps are re-read whenever they change.
[[sources]]
type = "textdump"
path = "{DUMPS_DIR}/*.txt"
"""


def sample_dumps() -> dict[str, bytes]:
    """The package's sample article dumps, by file name."""
    folder = resources.files("newsletter") / "sample" / "archive"
    return {
        entry.name: entry.read_bytes()
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".txt")
    }


def first_issue(articles: list[Article], today: date) -> Issue:
    """Issue 1 for next month: a lead story, three standard items, the rest in brief."""
    issue = next_issue(None, today)
    lead, standard, brief = articles[:1], articles[1:4], articles[4:7]
    sections = [
        Section("Top story", tuple(Item(a.id, layout="lead", paragraphs=2) for a in lead)),
        Section("News", tuple(Item(a.id, paragraphs=1) for a in standard)),
        Section("In brief", tuple(Item(a.id, layout="compact") for a in brief)),
    ]
    return Issue(
        name=issue.name,
        number=issue.number,
        date=issue.date,
        subject=issue.subject,
        preheader="The first issue, made from the sample articles: replace them with your own.",
        intro="Welcome to the first issue. Replace these sample articles with your own news.",
        sections=tuple(section for section in sections if section.items),
    )


def _template_files(root: Traversable, prefix: str = "") -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            files |= _template_files(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(".j2"):
            files[prefix + entry.name] = entry.read_bytes()
    return files


def package_template_files() -> dict[str, bytes]:
    """Every default template, by its path under templates/ (e.g. partials/footer.mjml.j2)."""
    return _template_files(package_templates())


TEMPLATES_README = """# Templates

A file here overrides the package's template of the same path (for example
`partials/footer.mjml.j2`); everything else comes from the package.
`newsletter templates list` shows which copy each email uses, and
`newsletter init NEW_FOLDER --with-templates` starts a workspace with a copy of all of them.
"""


def init_files(
    folder: Path, answers: BrandAnswers, *, with_templates: bool = False, today: date
) -> dict[Path, str | bytes]:
    """Every file of the new workspace, by path. Pure: reads package data, writes nothing."""
    answers.check()
    dumps = sample_dumps()
    articles = [a for name, data in dumps.items() for a in parse_dump(data.decode(), name)]
    issue = first_issue(articles, today)
    header = (
        f"# Issue {issue.number}, made from the sample articles in {DUMPS_DIR}/. Build it with\n"
        f"# `newsletter compose --issue issues/{issue.name}.toml`, edit it with\n"
        f"# `newsletter edit issues/{issue.name}.toml`.\n"
    )
    files: dict[Path, str | bytes] = {
        folder / CONFIG_NAME: config_text(answers),
        folder / "issues" / f"{issue.name}.toml": header + dump_issue(issue),
        folder / "templates" / "README.md": TEMPLATES_README,
    }
    files |= {folder / DUMPS_DIR / name: data for name, data in dumps.items()}
    if with_templates:
        files |= {
            folder / "templates" / rel: data for rel, data in package_template_files().items()
        }
    if not (folder / ".gitignore").exists():
        files[folder / ".gitignore"] = ".newsletter/\nout/\n"
    return files


def init_workspace(
    folder: Path,
    answers: BrandAnswers | None = None,
    *,
    with_templates: bool = False,
    today: date | None = None,
) -> list[Path]:
    """Create the workspace in `folder` (new or empty of workspace files); never overwrites."""
    if folder.exists() and not folder.is_dir():
        raise InputError("not a folder", path=folder, hint="Pick a new folder name.")
    if (folder / CONFIG_NAME).exists():
        raise InputError(
            "a workspace already exists here",
            path=folder / CONFIG_NAME,
            hint="`newsletter init` never overwrites a workspace; pick a new folder.",
        )
    files = init_files(
        folder,
        answers or BrandAnswers(),
        with_templates=with_templates,
        today=today or date.today(),
    )
    taken = sorted(path for path in files if path.exists())
    if taken:
        raise InputError(
            "the folder already has files init would overwrite",
            path=taken[0],
            hint="`newsletter init` never overwrites files; pick a new or empty folder.",
        )
    writer.write_many(files)
    load_config(folder / CONFIG_NAME)  # what init wrote must load; a failure here is a bug
    return sorted(files)
