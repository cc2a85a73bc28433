"""Articles to and from plain JSON-safe dicts (the dry-run output and the archive's storage)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from newsletter.models import Article, Block, Image


def block_to_dict(block: Block) -> dict[str, Any]:
    data: dict[str, Any] = {"type": block.type, "text": block.text}
    if block.type == "quote":
        data["speaker"] = block.speaker
        data["role"] = block.role
    if block.type == "list":
        data["items"] = list(block.items)
    return data


def article_to_dict(article: Article) -> dict[str, Any]:
    """The article as a JSON-safe dict; `caption` mirrors the lead image's caption."""
    image = article.image
    return {
        "id": article.id,
        "title": article.title,
        "slug": article.slug,
        "url": article.url,
        "date": article.date.isoformat() if article.date else None,
        "modified": article.modified.isoformat() if article.modified else None,
        "caption": image.caption if image else None,
        "image": None
        if image is None
        else {
            "url": image.url,
            "alt": image.alt,
            "caption": image.caption,
            "credit": image.credit,
        },
        "standfirst": article.standfirst,
        "blocks": [block_to_dict(b) for b in article.blocks],
        "tags": list(article.tags),
        "source": article.source,
    }


def article_from_dict(data: dict[str, Any]) -> Article:
    """Inverse of article_to_dict."""
    image = data.get("image")
    return Article(
        id=data["id"],
        title=data["title"],
        slug=data["slug"],
        url=data.get("url"),
        date=date.fromisoformat(data["date"]) if data.get("date") else None,
        modified=datetime.fromisoformat(data["modified"]) if data.get("modified") else None,
        image=None
        if not image
        else Image(
            url=image.get("url"),
            alt=image.get("alt", ""),
            caption=image.get("caption"),
            credit=image.get("credit"),
        ),
        standfirst=data.get("standfirst", ""),
        blocks=tuple(
            Block(
                type=b["type"],
                text=b.get("text", ""),
                speaker=b.get("speaker"),
                role=b.get("role"),
                items=tuple(b.get("items", ())),
            )
            for b in data.get("blocks", ())
        ),
        tags=tuple(data.get("tags", ())),
        source=data.get("source", ""),
    )
