"""Which emergency number a check gives on an OpenVoiceOS device.

The skill's `emergency_number` setting when it is a valid number; otherwise the
number of the country in the session's location (OVOS's location configuration,
or the one a satellite sends); otherwise twitchcheck's default. No OVOS import:
the location is OVOS's plain dictionary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import ValidationError

from dialog.load import emergency_numbers
from models.settings import CheckSettings

Source = Literal["setting", "country", "default"]


def country_code(location: object) -> str | None:
    """The country code of an OVOS location (`city.state.country.code`), if it has one."""
    node: object = location
    for key in ("city", "state", "country", "code"):
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node.strip().upper() if isinstance(node, str) and node.strip() else None


def emergency_number(setting: object, location: object) -> tuple[str, Source]:
    """The number to give, and where it came from. A setting that is not a telephone
    number is passed over (the caller says so), never given to a person in danger."""
    if isinstance(setting, int) and not isinstance(setting, bool) and setting > 0:
        setting = str(setting)  # written as a JSON number; 000 would have lost its zeros (0)
    if isinstance(setting, str) and setting.strip():
        try:
            return CheckSettings(emergency_number=setting).emergency_number, "setting"
        except ValidationError:
            pass
    numbers = emergency_numbers()
    found = numbers.for_country(country_code(location))
    if found is not None:
        return found, "country"
    return numbers.default, "default"
