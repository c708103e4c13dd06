"""A product as HTML: Jinja in a sandbox, pictures, QR codes, fonts, type set by each
language's rules.
"""
