"""Location parsing: body part, coarse region and side; all over; more than one place."""

from __future__ import annotations

import pytest

from dialog.understand import parse_location, parse_multiple_locations, understand
from dialog.understand.lexicon import lexicon


def _places(text: str) -> set[tuple[str, str, str | None]]:
    answer = parse_location(text)
    assert answer is not None, text
    return {(p.part, p.region, p.side) for p in answer.places}


@pytest.mark.parametrize(("text", "places"), [
    ("left calf", {("calf", "leg", "left")}),
    ("my left calf", {("calf", "leg", "left")}),
    ("both legs", {("leg", "leg", "both")}),
    ("my eyelid", {("eyelid", "eye", None)}),
    ("my right eyelid", {("eyelid", "eye", "right")}),
    ("the left side of my face", {("face", "face", "left")}),
    ("my left hand near the thumb", {("thumb", "hand", "left")}),
    ("under my left eye", {("eye", "eye", "left")}),
    ("the eye the lower part", {("eye", "eye", None)}),
    ("my eye like the bottom eyelid", {("eyelid", "eye", None)}),
    ("in my calf it feels like a little pulse", {("calf", "leg", None)}),
    ("her hands", {("hand", "hand", "both")}),
    ("his feet", {("foot", "foot", "both")}),
    ("my arms", {("arm", "arm", "both")}),
    ("my back and both legs", {("back", "back", None), ("leg", "leg", "both")}),
    ("my upper arm", {("arm", "arm", None)}),
    ("my right forearm", {("forearm", "arm", "right")}),
    ("my bottom lip", {("lip", "mouth", None)}),
    ("my right thigh", {("thigh", "leg", "right")}),
    ("my lower back", {("lower back", "back", None)}),
    ("my neck", {("neck", "neck", None)}),
    ("my right shoulder", {("shoulder", "shoulder", "right")}),
    ("my left thumb", {("thumb", "hand", "left")}),
    ("my right foot", {("foot", "foot", "right")}),
    ("my left foot", {("foot", "foot", "left")}),
    ("my calf on the right side", {("calf", "leg", "right")}),
    ("in my calf the left one", {("calf", "leg", "left")}),
    ("right hand side of my neck", {("neck", "neck", "right")}),
    ("the back of my hand", {("hand", "hand", None)}),
    ("it came back in my calf", {("calf", "leg", None)}),
    ("my left calf and my right thigh", {("calf", "leg", "left"), ("thigh", "leg", "right")}),
    ("both calves", {("calf", "leg", "both")}),
    ("my eyelids", {("eyelid", "eye", "both")}),
    ("left and right arm", {("arm", "arm", "both")}),
    ("my stomach", {("abdomen", "abdomen", None)}),
    ("my chest", {("chest", "chest", None)}),
    ("my tongue", {("tongue", "mouth", None)}),
    ("my cheek", {("cheek", "face", None)}),
    ("my left bicep", {("bicep", "arm", "left")}),
    ("my right big toe", {("toe", "foot", "right")}),
    ("my fingers", {("finger", "hand", None)}),
    ("the top of my head", {("head", "head", None)}),
    ("my bum", {("buttock", "hip", None)}),
    ("my right hip", {("hip", "hip", "right")}),
    ("just below my left knee", {("knee", "leg", "left")}),
    ("calf", {("calf", "leg", None)}),
    ("eye", {("eye", "eye", None)}),
    ("all over my arm", {("arm", "arm", None)}),
    ("um in my uh left calf muscle", {("calf", "leg", "left")}),
    ("my wife says her left eyelid", {("eyelid", "eye", "left")}),
    ("my jaw and my left shoulder", {("jaw", "face", None), ("shoulder", "shoulder", "left")}),
])
def test_places(text: str, places: set[tuple[str, str, str | None]]) -> None:
    assert _places(text) == places


@pytest.mark.parametrize("text", [
    "all over", "all over my body", "whole body", "my whole body", "everywhere", "whole body everywhere is jumping",
    "pretty much everywhere", "its all over the place", "all my muscles", "from head to toe", "my entire body",
    "over my whole body",
])
def test_all_over(text: str) -> None:
    answer = parse_location(text)
    assert answer is not None and answer.all_over


@pytest.mark.parametrize("text", ["not all over just my calf", "not everywhere only my eye", "all over my arm"])
def test_not_all_over(text: str) -> None:
    answer = parse_location(text)
    assert answer is not None and not answer.all_over


@pytest.mark.parametrize("text", ["no", "yes", "i dont know", "it came back", "on the other hand its mild", "three weeks"])
def test_no_place(text: str) -> None:
    assert parse_location(text) is None


def test_three_regions_from_two_answers_is_widespread() -> None:
    first = understand("my arms", "location").fills["location"]
    more = understand("yes my back and both legs too", "multiple_locations").fills["location"]
    regions = {p.region for p in first.places + more.places}  # type: ignore[union-attr]
    assert regions == {"arm", "back", "leg"}


@pytest.mark.parametrize(("text", "value"), [
    ("yes", True), ("yeah", True), ("yes my back and both legs too", True), ("yes my right thigh as well", True),
    ("yes pretty much everywhere", True), ("yes everywhere", True), ("my other leg too", True),
    ("it moves around", True), ("sometimes in my arm too", True), ("a few places", True), ("both eyes", True),
    ("no", False), ("no just her hands", False), ("nope just the one", False), ("just the one place", False),
    ("only my calf", False), ("just there", False), ("not really", False), ("only in my eye", False),
    ("always the same spot", False), ("no only that one", False),
])
def test_multiple_locations(text: str, value: bool) -> None:
    answer = parse_multiple_locations(text)
    assert answer is not None and answer.value is value


def test_multiple_locations_adds_places() -> None:
    u = understand("yes my back and both legs too", "multiple_locations")
    assert u.fills["multiple_locations"].value is True  # type: ignore[union-attr]
    places = {(p.part, p.side) for p in u.fills["location"].places}  # type: ignore[union-attr]
    assert places == {("back", None), ("leg", "both")}


def test_multiple_locations_no_adds_nothing() -> None:
    u = understand("no just her hands", "multiple_locations")
    assert u.fills == {"multiple_locations": u.fills["multiple_locations"]}
    assert u.fills["multiple_locations"].value is False  # type: ignore[union-attr]


def test_multiple_locations_everywhere_is_all_over() -> None:
    u = understand("yes everywhere", "multiple_locations")
    assert u.fills["location"].all_over  # type: ignore[union-attr]


def test_every_lexicon_part_is_found() -> None:
    for region in lexicon().body_region:
        for part in region.parts:
            answer = parse_location(f"my {part.part}")
            assert answer is not None, part.part
            assert {p.region for p in answer.places} == {region.region}, part.part
