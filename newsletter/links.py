"""`check --links`: every link and image URL of the email asked over the network, at once
(HEAD, then GET when HEAD is refused), through the one HTTP client (newsletter.net)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from newsletter.checks.document import Document
from newsletter.checks.model import Finding, Severity
from newsletter.net import Client, NetError, NetOptions, Probed
from newsletter.utm import has_merge_tag

Kind = Literal["link", "image"]
PERMANENT = frozenset({301, 308})
REFUSED = frozenset({401, 403, 429})
DEFAULT_OPTIONS = NetOptions(timeout=10.0, connect_timeout=5.0, attempt_deadline=20.0)


@dataclass(frozen=True, slots=True)
class Target:
    """A URL to check and where the email uses it (its first use)."""

    url: str
    kind: Kind
    section: str | None = None
    item: str | None = None


@dataclass(frozen=True, slots=True)
class LinkResult:
    target: Target
    status: int | None = None
    final_url: str | None = None
    redirects: tuple[tuple[int, str], ...] = ()
    method: str = "HEAD"
    error: str | None = None
    content_type: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def to_dict(self) -> dict[str, object]:
        return {
            "url": self.target.url,
            "kind": self.target.kind,
            "status": self.status,
            "final_url": self.final_url,
            "redirects": [list(hop) for hop in self.redirects],
            "method": self.method,
            "error": self.error,
        }


Progress = Callable[[int, int, LinkResult], None]


def collect_targets(doc: Document) -> list[Target]:
    """Every http(s) link and image URL once, in the order the email uses them."""
    seen: set[str] = set()
    targets: list[Target] = []
    uses = [(link.href, "link", link.section, link.item) for link in doc.links]
    uses += [(image.src, "image", image.section, image.item) for image in doc.images]
    for url, kind, section, item in uses:
        if url in seen or has_merge_tag(url) or not url.lower().startswith(("http:", "https:")):
            continue
        seen.add(url)
        targets.append(Target(url, "image" if kind == "image" else "link", section, item))
    return targets


async def _check_one(client: Client, target: Target) -> LinkResult:
    """HEAD first; GET when HEAD fails or is refused (some servers do not answer HEAD)."""
    result = LinkResult(target)
    for method in ("HEAD", "GET"):
        try:
            probed: Probed = await client.probe(target.url, method=method)
        except NetError as error:
            result = LinkResult(target, method=method, error=error.message)
            if error.message.startswith("timed out"):
                return result  # a server too slow for HEAD is too slow for GET
            continue
        content_type = probed.headers.get("content-type", "")
        result = LinkResult(
            target, probed.status, probed.final_url, probed.redirects, method, None, content_type
        )
        if probed.status < 400:
            return result
    return result


async def check_targets(
    targets: Sequence[Target],
    *,
    options: NetOptions | None = None,
    concurrency: int = 8,
    progress: Progress | None = None,
) -> list[LinkResult]:
    """Check every target concurrently; results in the targets' order."""
    options = options or DEFAULT_OPTIONS
    limit = asyncio.Semaphore(max(1, concurrency))
    done = 0

    async def run(client: Client, target: Target) -> LinkResult:
        nonlocal done
        async with limit:
            result = await _check_one(client, target)
        done += 1
        if progress is not None:
            progress(done, len(targets), result)
        return result

    async with Client(options) as client:
        return list(await asyncio.gather(*(run(client, target) for target in targets)))


def check_links_now(
    targets: Sequence[Target],
    *,
    options: NetOptions | None = None,
    concurrency: int = 8,
    progress: Progress | None = None,
) -> list[LinkResult]:
    """check_targets for synchronous callers (the CLI)."""
    return asyncio.run(
        check_targets(targets, options=options, concurrency=concurrency, progress=progress)
    )


def _finding(result: LinkResult, severity: Severity, code: str, message: str, hint: str) -> Finding:
    what = "image" if result.target.kind == "image" else "link"
    return Finding(
        severity,
        code,
        f"{what} {result.target.url}: {message}",
        hint,
        result.target.section,
        result.target.item,
    )


def link_findings(results: Sequence[LinkResult]) -> list[Finding]:
    """Findings for broken, refused, slow, moved and mistyped URLs."""
    findings: list[Finding] = []
    for result in results:
        status = result.status
        if status is None:
            timed_out = (result.error or "").startswith("timed out")
            findings.append(
                _finding(
                    result,
                    "warning" if timed_out else "error",
                    "links.timeout" if timed_out else "links.unreachable",
                    result.error or "no answer",
                    "Open it in a browser; fix or remove it if it is down.",
                )
            )
        elif status in REFUSED:
            findings.append(
                _finding(
                    result,
                    "warning",
                    "links.refused",
                    f"the server refused the check (HTTP {status})",
                    "Open it in a browser to confirm it works for readers.",
                )
            )
        elif status >= 500:
            findings.append(
                _finding(
                    result,
                    "warning",
                    "links.server-error",
                    f"server error (HTTP {status})",
                    "Try again later; fix the link if it persists.",
                )
            )
        elif status >= 400:
            findings.append(
                _finding(
                    result,
                    "error",
                    "links.broken",
                    f"broken (HTTP {status})",
                    "Fix the address or remove the link.",
                )
            )
        else:
            findings += _redirect(result)
            if result.target.kind == "image" and not result.content_type.startswith("image/"):
                kind = result.content_type.split(";")[0] or "no content type"
                findings.append(
                    _finding(
                        result,
                        "warning",
                        "images.not-image",
                        f"does not serve an image ({kind})",
                        "Use the address of the image file itself.",
                    )
                )
    return findings


def _redirect(result: LinkResult) -> list[Finding]:
    if not result.redirects or result.final_url is None:
        return []
    codes = ", ".join(str(status) for status, _ in result.redirects)
    if any(status in PERMANENT for status, _ in result.redirects):
        return [
            _finding(
                result,
                "warning",
                "links.moved",
                f"moved permanently to {result.final_url} ({codes})",
                "Link the new address directly.",
            )
        ]
    return [
        _finding(
            result,
            "info",
            "links.redirect",
            f"redirects to {result.final_url} ({codes})",
            "Fine as is; linking the final address saves a hop.",
        )
    ]
