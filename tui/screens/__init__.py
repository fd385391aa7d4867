"""Screens pushed over the explorer: help, locality picker."""
