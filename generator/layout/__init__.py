"""WeasyPrint: HTML laid out into pages, the fit that finds the type size, and the
limits of time and memory a layout may take.
"""
