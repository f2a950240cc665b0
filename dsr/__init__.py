"""Helpers for the Digital Silk Road book.

- :mod:`dsr.charts`: house style and ``publish()`` for Plotly figures that draw offline in the book;
- :mod:`dsr.data`: ``load(name)`` validated datasets, ``python -m dsr.data check``;
- :mod:`dsr.build`: ``python -m dsr.build`` derives ``data/`` from the raw datasets;
- :mod:`dsr.catalog`: the dataset descriptions behind ``data/datapackage.json``;
- :mod:`dsr.sphinxext`: serves plotly.js and map geometry from the book, only on pages that need
  them;
- :mod:`dsr.firstpaint`: no render-blocking stylesheet: each page inlines the rules that can apply
  to it.
"""

__version__ = "0.1.0"
