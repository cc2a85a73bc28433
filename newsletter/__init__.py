from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__version__ = "0.1.0"


def package_files() -> Traversable:
    """The package's own files (templates, profiles, sample archive).

    The package's folder when it is one (any usual install); through importlib.resources
    otherwise (a zipped install), which costs a one-shot command a few milliseconds to load.
    """
    folder = Path(__file__).parent
    if folder.is_dir():
        return folder
    from importlib import resources

    return resources.files(__name__)
