"""The NHS identity colours, and the choices made from them for charts.

Pairs used to tell series apart differ in lightness and marker shape as well as hue, so
they stay distinguishable to colour-blind readers and in greyscale print.
"""

from __future__ import annotations

NHS_BLUE = "#005EB8"
DARK_BLUE = "#003087"
BRIGHT_BLUE = "#0072CE"
LIGHT_BLUE = "#41B6E6"
AQUA_BLUE = "#00A9CE"
BLACK = "#231F20"
DARK_GREY = "#425563"
MID_GREY = "#768692"
PALE_GREY = "#E8EDEE"
WARM_YELLOW = "#FFB81C"
ORANGE = "#ED8B00"
DARK_ORANGE = "#B35F00"
GREEN = "#007F3B"
DARK_RED = "#8A1538"
PURPLE = "#330072"
TEXT = "#212B32"
PRIORITY_BG = "#FDF0E0"
STRENGTH_BG = "#E6F0FA"
# The reports' type and rules (report.css names them --nhs-secondary-text, --nhs-grey-4,
# --nhs-grey-5), and the ink of tags on PRIORITY_BG, STRENGTH_BG and GREY_5.
SECONDARY_TEXT = "#4C6272"
GREY_4 = "#D8DDE0"
GREY_5 = "#F0F4F5"
PRIORITY_INK = "#7A3E00"
STRENGTH_INK = "#00436E"
NEUTRAL_INK = "#33424D"

# One colour per element where elements are lines of one chart (the trend's), in order.
ELEMENT_COLOURS: tuple[str, ...] = (
    NHS_BLUE,
    ORANGE,
    GREEN,
    PURPLE,
    DARK_RED,
    DARK_GREY,
    AQUA_BLUE,
)

# Series colour and marker for each source, wherever sources appear together.
SOURCE_STYLE: dict[str, tuple[str, str]] = {
    "staff": (NHS_BLUE, "o"),
    "board": (DARK_ORANGE, "D"),
    "stakeholders": (PURPLE, "s"),
    "pre": (MID_GREY, "o"),
    "post": (NHS_BLUE, "D"),
}


def likert(count: int) -> list[str]:
    """A diverging blue-orange scale, unfavourable (orange) to favourable (blue)."""
    five = ["#B35F00", "#F2B467", "#D8DDE0", "#7FB2E5", "#005EB8"]
    if count == 5:
        return five
    if count == 4:
        return [five[0], five[1], five[3], five[4]]
    if count == 3:
        return [five[0], five[2], five[4]]
    if count == 7:
        return ["#8A4A00", "#B35F00", "#F2B467", "#D8DDE0", "#7FB2E5", "#005EB8", "#003087"]
    return [five[min(4, round(i * 4 / max(1, count - 1)))] for i in range(count)]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio between two colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def contrast_ink(background: str) -> str:
    """Black or white text, whichever reads better on ``background``."""
    return (
        "#FFFFFF"
        if contrast_ratio(background, "#FFFFFF") >= contrast_ratio(background, TEXT)
        else TEXT
    )


def direction_mark(value: float | None, band: float) -> str:
    """The arrow that says, without colour, which way a difference goes; none for a
    difference within ``band`` of zero."""
    if value is None or abs(value) < band:
        return ""
    return "\u25b2 " if value > 0 else "\u25bc "


# The ground of a difference that shows no direction.
NEUTRAL_HEAT = "#F4F6F7"


def diverging(value: float | None, band: float, limit: float = 2.0) -> str:
    """Background for a difference: orange below zero, blue above, pale within ``band``."""
    if value is None:
        return "#FFFFFF"
    steps_neg = ["#FBE3C6", "#F5C48A", "#EDA04D"]
    steps_pos = ["#D6E6F7", "#A9CAEE", "#78A9E0"]
    size = min(abs(value) / limit, 0.999)
    index = int(size * 3)
    if abs(value) < band:
        return NEUTRAL_HEAT
    return steps_pos[index] if value > 0 else steps_neg[index]
