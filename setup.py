"""Builds the compiled tree walker; everything else about the package is in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [Extension("spindetect._trees", ["spindetect/_trees.pyx"])],
        compiler_directives={"language_level": "3"},
    )
)
