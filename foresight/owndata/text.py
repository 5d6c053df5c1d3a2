"""Cell-level parsing of Finnish spreadsheets: numbers with decimal comma and spaces, years, unsafe text."""

from __future__ import annotations

import re
import unicodedata

from foresight.owndata.model import YEAR_RANGE

MISSING = frozenset(
    {"", ".", "..", "...", "-", "–", "—", "na", "n/a", "nan", "null", "none", "#n/a", "puuttuu"}
)
# Thousands separators seen in Finnish files: space, no-break space, narrow no-break space, thin space.
SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
MARKUP = re.compile(r"<\s*/?\s*[a-z!?][^>]*>|<\s*script|javascript\s*:|\bon[a-z]+\s*=|&#", re.IGNORECASE)
DATE_PATTERNS = (
    re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"),  # 31.12.2022
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?$"),  # 2022-12-31 (Excel dates become this)
    re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"),  # 12/31/2022
)
MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf\u00a0-\u00ff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def is_missing(cell: str) -> bool:
    """An empty cell or one of the usual 'no data' marks (Statistics Finland uses '.' and '..')."""
    return cell.strip().lower() in MISSING


def parse_number(cell: str) -> float | None:
    """'1 234,5', '1\u00a0234,5', '12,5 %', '−3,2', '1234.5', '1.234,5' → float; None when not a number."""
    text = SPACES.sub("", cell.strip()).replace("\u2212", "-")
    for suffix in ("%", "€", "‰"):
        text = text.removesuffix(suffix)
    if "," in text and "." in text:
        # Both present: the last one is the decimal mark, the other groups thousands.
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    if text.count(",") > 1 or text.count(".") > 1:
        return None
    if not NUMBER.fullmatch(text):
        return None
    value = float(text.replace(",", "."))
    return value if value == value and abs(value) != float("inf") else None


def parse_year(cell: str) -> tuple[int | None, str | None]:
    """(year, None) for '2022' or '2022.0'; (year, 'date') for a full date; (None, 'not_year') otherwise."""
    text = cell.strip()
    if re.fullmatch(r"\d{4}(\.0+)?", text):
        return int(text[:4]), None
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year = next(int(g) for g in match.groups() if g and len(g) == 4)
            return year, "date"
    return None, "not_year"


def year_in_range(year: int, low: int = YEAR_RANGE[0], high: int = YEAR_RANGE[1]) -> bool:
    """Whether a year is plausible for municipal statistics (history and targets)."""
    return low <= year <= high


def is_formula(cell: str) -> bool:
    """A text a spreadsheet would run as a formula when the data are exported again."""
    text = cell.lstrip(" ")
    if not text.startswith(FORMULA_STARTS) or is_missing(text):
        return False
    # A plain negative or signed number is data, not a formula.
    return parse_number(text) is None


def has_markup(cell: str) -> bool:
    """HTML tags, script or event handlers in a text that will be shown on pages."""
    return bool(MARKUP.search(cell))


def looks_mojibake(text: str) -> str | None:
    """A sample of UTF-8 read as Latin-1 ('JÃ¤rvenpÃ¤Ã¤'), or None."""
    match = MOJIBAKE.search(text)
    return text[max(0, match.start() - 10) : match.end() + 10] if match else None


def clean_text(cell: str) -> str:
    """Normalised text: NFC, no control characters, single spaces."""
    text = unicodedata.normalize("NFC", cell)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\t")
    return SPACES.sub(" ", text).strip()


def slug(name: str) -> str:
    """An ASCII id part from a name: 'Asukastyytyväisyys (%)' → 'asukastyytyvaisyys'."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:60] or "indicator"


MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """User text safe to show where Streamlit renders markdown: no links, images, colours, maths or HTML."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", clean_text(text))
