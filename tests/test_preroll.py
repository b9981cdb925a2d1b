"""The pre-roll: what was heard just before speech was confirmed, kept by duration."""

from __future__ import annotations

from voice.endpoint import SAMPLE_RATE, PreRoll


def pcm(seconds: float, value: int) -> bytes:
    """`seconds` of 16 kHz int16 audio, every sample `value` (to tell pieces apart)."""
    return value.to_bytes(2, "little", signed=True) * int(seconds * SAMPLE_RATE)


def test_the_last_second_of_speech_is_kept_in_order_whatever_the_piece_size() -> None:
    roll = PreRoll(1.0)
    for i, size in enumerate([0.02, 0.03, 0.5, 0.03, 0.3, 0.02, 0.25, 0.03] * 3):
        roll.append(pcm(size, i))
    kept = roll.take()
    # at most one second, and never less than a second minus the oldest piece kept
    assert 0.5 <= len(kept) / (2 * SAMPLE_RATE) <= 1.0
    # the newest piece is last, whole; the pieces run in the order they came
    values = [int.from_bytes(kept[i:i + 2], "little", signed=True) for i in range(0, len(kept), 2)]
    assert values[-1] == 23 and values == sorted(values)


def test_take_empties_it_and_seconds_say_how_much_is_kept() -> None:
    roll = PreRoll(0.3)
    roll.append(pcm(0.1, 1))
    roll.append(pcm(0.1, 2))
    assert abs(roll.seconds - 0.2) < 1e-9
    assert len(roll.take()) == 2 * int(0.2 * SAMPLE_RATE)
    assert roll.seconds == 0 and roll.take() == b""


def test_a_piece_longer_than_the_pre_roll_is_kept_whole_rather_than_lost() -> None:
    # a satellite may send one long chunk; cutting it would start the words mid-syllable
    roll = PreRoll(0.3)
    roll.append(pcm(0.1, 1))
    roll.append(pcm(0.5, 2))
    assert abs(roll.seconds - 0.5) < 1e-9
