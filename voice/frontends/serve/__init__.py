"""`twitchcheck serve`: the skill as a Wyoming text service (Home Assistant's conversation agent).

framing.py reads events with bounds; conversations.py holds open checks by id;
turns.py turns one transcript into the skill's reply; handler.py is one connection;
command.py parses options and runs the server."""
