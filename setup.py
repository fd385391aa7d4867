"""The package list for setuptools (the rest of the build is in pyproject.toml).

Every package under tui/ is found, so a new subpackage ships without editing this file.
The repository keeps its SQL and the bundled sample at the top level (queries/,
sample_data/); a wheel carries them inside the package as tui/queries and tui/sample_data,
where tui/paths.py finds them (their files are listed under package-data in
pyproject.toml). pyproject.toml alone cannot combine package discovery with such a
mapping, hence this file.
"""

from __future__ import annotations

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

DATA_PACKAGES = {"tui.queries": "queries", "tui.sample_data": "sample_data"}


class BuildPy(build_py):
    """Data folders ship their data only: sample_data/make_sample.py, which rebuilds the
    sample from a clone, is not part of the installed app."""

    def find_package_modules(self, package: str, package_dir: str) -> list:
        if package in DATA_PACKAGES:
            return []
        return super().find_package_modules(package, package_dir)


setup(
    packages=[*find_packages(include=["tui", "tui.*"]), *DATA_PACKAGES],
    package_dir=DATA_PACKAGES,
    cmdclass={"build_py": BuildPy},
)
