"""Writes: every change to the programme goes through a function here."""
