"""Accessibility arithmetic: WCAG contrast ratios and colour-vision-deficiency simulation of the palettes.

Contrast follows WCAG 2.1 (relative luminance of sRGB, ratio (L1 + 0.05) / (L2 + 0.05)). Colour-vision
deficiencies are simulated with the full-severity matrices of Machado, Oliveira and Fernandes (2009),
"A physiologically-based model for simulation of color vision deficiency", IEEE TVCG 15(6), applied to
linear RGB; colours are compared as CIE76 distances in CIELAB (D65).
"""

from __future__ import annotations

import itertools
import math

Matrix = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]

MACHADO: dict[str, Matrix] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
TEXT_CONTRAST = 4.5  # WCAG 2.1 AA, 1.4.3 normal text
GRAPHIC_CONTRAST = 3.0  # WCAG 2.1 AA, 1.4.11 graphical objects (lines, bars, markers)


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """'#0b4f9c' -> (11, 79, 156)."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(linear: float) -> float:
    c = min(max(linear, 0.0), 1.0)
    return 255 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055)


def luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_linear(c) for c in hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def simulate(colour: str, deficiency: str) -> tuple[float, float, float]:
    """The colour as seen with a full deficiency (Machado 2009), as sRGB 0-255 floats."""
    m = MACHADO[deficiency]
    lin = [_linear(c) for c in hex_to_rgb(colour)]
    return tuple(_gamma(sum(m[i][j] * lin[j] for j in range(3))) for i in range(3))  # type: ignore[return-value]


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """sRGB (0-255) to CIELAB under D65."""
    r, g, b = (_linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """CIE76 colour difference of two sRGB colours (about 2.3 is just noticeable; over 20 is clearly apart)."""
    return math.dist(lab(a), lab(b))


def min_distance(palette: tuple[str, ...] | list[str], deficiency: str | None = None) -> float:
    """The smallest CIE76 distance between any two colours of a palette, as seen with a deficiency (or none)."""
    seen = [
        simulate(c, deficiency) if deficiency else tuple(float(v) for v in hex_to_rgb(c)) for c in palette
    ]
    return min(delta_e(a, b) for a, b in itertools.combinations(seen, 2))  # type: ignore[arg-type]


AXE_VERSION = "4.14.1"  # the axe-core release scripts/axe.sh installs for tests/e2e/test_accessibility_e2e.py
LAST_CHECK = (2026, 12, 1)  # the last full accessibility check (the statement page shows it)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def check_date(lang: str) -> str:
    """The date of the last check as the language writes it: 1.12.2026 (fi, sv), 1 December 2026 (en)."""
    year, month, day = LAST_CHECK
    return f"{day} {_MONTHS_EN[month - 1]} {year}" if lang == "en" else f"{day}.{month}.{year}"
