"""Workforce Explorer: an offline terminal explorer for the GM workforce survey.

Kept deliberately empty of imports so that ``import tui`` stays cheap.
"""

__version__ = "0.1.0"
