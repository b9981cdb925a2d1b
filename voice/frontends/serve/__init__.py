"""`twitchcheck serve`: the skill as a Wyoming text service (Home Assistant's conversation agent).

framing.py reads events with bounds; handler.py is one connection; command.py parses
options and runs the server. The conversations themselves (one transcript in, the
skill's reply out) are `voice.frontends.agent`, shared with the OpenVoiceOS skill."""
