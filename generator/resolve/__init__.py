"""A school with its nation's content, its overrides and its languages: the pack every
product is rendered from.
"""
