"""The command line's names for the settings, and a bad value said in those names."""

from __future__ import annotations

from pydantic import ValidationError

from models.settings import CheckSettings

OPTION_NAMES = {"emergency_number": "--emergency-number", "rate": "--rate", "volume": "--volume",
                "end_silence": "--end-silence", "reprompt_after": "--reprompt-after"}


def describe_error(error: ValidationError) -> str:
    """One line per bad option: `--volume: must be between 0 and 1 (got 7.0)`."""
    lines = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        option = OPTION_NAMES.get(field, field)
        ctx = item.get("ctx") or {}
        kind = item["type"]
        if kind in ("greater_than_equal", "less_than_equal"):
            low, high = bounds(field)
            problem = f"must be between {low:g} and {high:g}"
        elif kind == "finite_number":
            problem = "must be a number, not nan or infinity"
        elif kind == "value_error":
            problem = str(ctx.get("error", item["msg"]))
        else:
            problem = item["msg"].lower()
        lines.append(f"{option}: {problem} (got {item['input']!r})")
    return "\n".join(lines)


def bounds(field: str) -> tuple[float, float]:
    """The allowed range of a numeric setting, for messages and --help."""
    info = CheckSettings.model_fields[field]
    low = next(m.ge for m in info.metadata if getattr(m, "ge", None) is not None)
    high = next(m.le for m in info.metadata if getattr(m, "le", None) is not None)
    return float(low), float(high)
