"""The spoken check's one assembly (voice/spokencheck.py), for the sound card and a
satellite alike. No audio: recognizers are stand-ins that only count how many are loaded."""

from __future__ import annotations

from voice.endpoint import EndpointConfig
from voice.spokencheck import Hearing


class _Recognizer:
    engine = "pocketsphinx"
    supports_grammar = False


def _hearing(engine: str, *, spotter: bool = False) -> tuple[Hearing, list[_Recognizer]]:
    loaded: list[_Recognizer] = []

    def make() -> _Recognizer:
        loaded.append(_Recognizer())
        return loaded[-1]

    return Hearing.of_engine(engine, make, endpoint=EndpointConfig(), spotter=spotter), loaded  # type: ignore[arg-type]


def test_pocketsphinx_loads_one_recognizer_its_final_result_is_the_answer() -> None:
    hearing, loaded = _hearing("pocketsphinx")
    listener = hearing.listener()
    assert len(loaded) == 1 and listener.answer is None and listener.spotter is None
    assert not hearing.use_grammar and not hearing.trust_confidence


def test_vosk_loads_a_second_recognizer_for_the_answer_grammar() -> None:
    hearing, loaded = _hearing("vosk")
    listener = hearing.listener()
    assert len(loaded) == 2 and listener.safety is loaded[0] and listener.answer is loaded[1]
    assert hearing.use_grammar and hearing.trust_confidence


def test_recognizers_loaded_beforehand_are_the_ones_listening() -> None:
    hearing, loaded = _hearing("vosk")
    recognizers = hearing.recognizers()
    listener = hearing.listener(recognizers)
    assert len(loaded) == 2 and (listener.safety, listener.answer) == recognizers


def test_the_satellite_hears_as_its_settings_say() -> None:
    from voice.frontends.serve.satellite import SpokenSettings

    endpoint = EndpointConfig(silence_seconds=0.7)
    settings = SpokenSettings(make_recognizer=_Recognizer, make_skill=lambda: None,  # type: ignore[arg-type,return-value]
                              use_grammar=False, trust_confidence=False, emergency_number="911",
                              endpoint=endpoint, spotter=False)
    hearing = settings.hearing
    assert (hearing.use_grammar, hearing.trust_confidence, hearing.endpoint, hearing.spotter) == \
        (False, False, endpoint, False)
