"""Read a school file (YAML with the line and column of every value), or a trust's
spreadsheet, confined to the school's folder.
"""
