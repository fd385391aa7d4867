"""Screens of the explorer: the main screen (main_screen.py) that holds the role tabs,
and the dialogs pushed over it, each closing once however fast the keys come (dialog.py):
help (help_screen.py), the locality picker (locality_screen.py), a statement's spread by
locality (statement_screen.py), a section's comments (comments_screen.py) and the export
dialog (export_screen.py)."""
