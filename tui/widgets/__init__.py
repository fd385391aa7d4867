"""Widgets of the explorer, one module per area of the screen."""
