"""The check as an OpenVoiceOS skill (`pip install "twitchcheck[ovos]"`).

skill.py is the skill OVOS loads (entry point `opm.skill`); it is a thin adapter:
the conversations are `voice.frontends.agent.TextService`, one check per OVOS
session id. locale/en-us holds the words that start it and the skill's own lines;
everything the check says comes from the protocol, as in every other front end.
Importing this package needs no OVOS; importing `skill` does."""
