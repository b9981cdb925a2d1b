"""`twitchcheck detect`: one JSON line per utterance with the red flags that escalate.

`--explain` adds, for each line, which layers read it (`layers`: the encoder layer
is "off" when it could not be loaded, and stderr said why) and every layer's
reading: which layer found which red flag (lexicon, learned or encoder), in which clause, the words that carried it, how it was
said (present, denied, past, someone else's past, hypothetical), the learned
score, and the decision (escalate, confirm, clear). `--answering QUESTION` reads each
line as the answer to that question, as the check does, and `--explain` then also
prints the words the answer does not account for (`left_over`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from dialog.load import default_protocol
from dialog.redflags import RedFlagDetector
from dialog.text import normalize
from dialog.understand.slots import spec
from models.common import SLOT_ORDER, RedFlagId, SlotName
from voice.encoderload import load_encoder
from voice.exitcodes import ExitCode
from voice.lines import read_pieces, reader_gone


def build_detect_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twitchcheck detect",
        description='Reads one utterance per line and prints one JSON line each: {"text": "...", '
                    '"red_flags": ["breathing", ...], "uncertain": [...]}: the red flags that would '
                    'escalate (none for a denied, long past or asked-about mention), and those the '
                    'conversation would ask the person to confirm; "past_events" when a red flag is '
                    'said as over, days to weeks ago.')
    parser.add_argument("--spoken", action="store_true",
                        help="read the lines as speech-recognizer text: known mishearings of red flags "
                             "count too")
    parser.add_argument("--explain", action="store_true",
                        help="also print which layer fired, in which clause, how it was said, and why")
    parser.add_argument("--answering", choices=SLOT_ORDER, metavar="QUESTION",
                        help="read each line as said in answer to this question, as the check does "
                             "(a bare answer such as 'my head' to 'location' raises nothing); one of "
                             + ", ".join(SLOT_ORDER))
    return parser


def main_detect(argv: Sequence[str]) -> ExitCode:
    args = build_detect_parser().parse_args(list(argv))
    return run_detect(spoken=args.spoken, explain=args.explain, answering=args.answering)


def run_detect(*, spoken: bool = False, explain: bool = False, answering: SlotName | None = None) -> ExitCode:
    # a batch reader: every line is read by all the layers that load, so it waits for the encoder
    detector = RedFlagDetector(default_protocol().red_flags, spoken=spoken, encoder=load_encoder())
    layers = {"lexicon": "on", "learned": "on", "encoder": "on" if detector.encoder is not None else "off"}
    left_over = spec(answering).left_over if answering is not None else None
    windows: list[RedFlagId] = []  # red flags from the windows of a line too long to read at once
    try:
        for piece in read_pieces(sys.stdin.buffer):
            found = detector.detect(piece.text, answering=left_over)
            if not piece.final:
                windows += found.red_flags
                continue
            red_flags = list(dict.fromkeys([*windows, *found.red_flags]))
            windows = []
            record: dict[str, object] = {"text": piece.text, "red_flags": red_flags,
                                         "uncertain": [f for f in found.uncertain if f not in red_flags]}
            if found.past_events:
                # policy "Past events": over, days to weeks ago; no emergency, kept for the doctor
                record["past_events"] = [e.model_dump() for e in found.past_events]
            if piece.too_long:
                record["too_long"] = True
            if explain:
                record.update(layers=layers, negated=list(found.negated), asked_about=list(found.asked_about),
                              history=list(found.history),
                              findings=[f.model_dump(exclude_defaults=True) for f in found.findings])
                if left_over is not None:
                    record["left_over"] = list(left_over(normalize(piece.text)))
            sys.stdout.write(json.dumps(record) + "\n")
            sys.stdout.flush()
    except BrokenPipeError:
        reader_gone()  # `twitchcheck detect | head -1`: the reader has what it wanted
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    return ExitCode.COMPLETED
