"""Emergency telephone numbers by country (`dialog/data/emergency_numbers.toml`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.settings import DEFAULT_EMERGENCY_NUMBER, EmergencyNumber


class CountryNumbers(BaseModel):
    """One number and the countries where it reaches an ambulance."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    number: EmergencyNumber
    countries: tuple[str, ...] = Field(min_length=1)
    """ISO 3166-1 alpha-2 codes, upper case."""
    source: str = Field(min_length=1)

    @field_validator("countries")
    @classmethod
    def _codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for code in value:
            if len(code) != 2 or not code.isalpha() or not code.isupper():
                raise ValueError(f"{code!r} is not an upper-case two-letter country code")
        return value


class EmergencyNumbers(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    default: EmergencyNumber = DEFAULT_EMERGENCY_NUMBER
    """The number when the country is unknown or not listed: the skill's own default."""
    numbers: tuple[CountryNumbers, ...]

    @field_validator("numbers")
    @classmethod
    def _each_country_once(cls, value: tuple[CountryNumbers, ...]) -> tuple[CountryNumbers, ...]:
        seen: set[str] = set()
        for entry in value:
            twice = seen.intersection(entry.countries)
            if twice:
                raise ValueError(f"{', '.join(sorted(twice))} listed more than once")
            seen.update(entry.countries)
        return value

    def for_country(self, code: str | None) -> str | None:
        """The number for this country code (any case), or None when it is not listed."""
        wanted = (code or "").strip().upper()
        for entry in self.numbers:
            if wanted in entry.countries:
                return entry.number
        return None
