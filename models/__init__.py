"""Typed data of twitchcheck: protocol, answers, session, outcome and events.

Pydantic types only; no logic beyond validation. Every other layer imports from
here, and this package imports nothing of the project's.
"""
