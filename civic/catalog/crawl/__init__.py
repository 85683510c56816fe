"""Turning the national portal crawl into clean catalog records (``assistant catalog build``).

One module per defect class or table of the portal page; ``build`` ties them together and reports
what was repaired and what could not be.
"""
